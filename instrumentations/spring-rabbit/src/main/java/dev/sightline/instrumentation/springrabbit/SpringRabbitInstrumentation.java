package dev.sightline.instrumentation.springrabbit;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.Library;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.bootstrap.Handlers;
import java.util.Collections;
import java.util.List;

/**
 * Spring AMQP's listener containers. The simple container's consumer only queues each delivery
 * on the client's thread; the listener runs later on a container thread, in {@code
 * executeListener}, which is where the process span goes (the rabbitmq instrumentation leaves
 * that queueing consumer alone). The direct container calls {@code executeListener} inside the
 * client's {@code handleDelivery}, whose span is already there and is kept.
 */
public final class SpringRabbitInstrumentation implements InstrumentationModule {

  private static final String CONTAINER = "org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer";

  static final Library SPRING_AMQP =
      Library.of(
              "spring-rabbit",
              CONTAINER,
              "dev.sightline.instrumentation.springrabbit.SpringRabbitHandlers",
              Handlers.SPRING_RABBIT_EXECUTE)
          .requires("org.springframework.amqp.core.Message", "getMessageProperties", "getBody")
          .requires(
              "org.springframework.amqp.core.MessageProperties",
              "getHeaders",
              "getConsumerQueue",
              "getReceivedExchange",
              "getReceivedRoutingKey",
              "getDeliveryTag",
              "getMessageId",
              "getCorrelationId")
          .requires("com.rabbitmq.client.Envelope")
          .requires("org.springframework.amqp.rabbit.support.ListenerExecutionFailedException");

  @Override
  public String name() {
    return "spring-rabbit";
  }

  @Override
  public List<Library> libraries() {
    return Collections.singletonList(SPRING_AMQP);
  }

  @Override
  public List<TypeTransform> transforms() {
    return Collections.singletonList(
        TypeTransform.forType(CONTAINER)
            .library(SPRING_AMQP)
            .advise(
                named("executeListener")
                    .and(takesArguments(2))
                    .and(takesArgument(0, named("com.rabbitmq.client.Channel"))),
                ExecuteListenerAdvice.class.getName()));
  }
}
