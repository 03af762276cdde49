package dev.sightline.instrumentation.rabbitmq;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.Library;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.bootstrap.Handlers;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The RabbitMQ Java client 5.x. Publishing, {@code basicGet} and {@code basicConsume} are woven
 * into {@code ChannelN}, where every channel (auto-recovering ones delegate to it) and every
 * overload ends up. Deliveries are woven into each {@code Consumer} implementation's {@code
 * handleDelivery}: the client calls it on its consumer thread, around exactly the application's
 * code, for {@code DefaultConsumer} subclasses and for the consumers it makes from {@code
 * DeliverCallback} lambdas alike ({@code ConsumerDispatcher.handleDelivery} only queues the call
 * on the connection's reader thread, so a span there would not be current in the handler).
 */
public final class RabbitMqInstrumentation implements InstrumentationModule {

  static final String NAME = "rabbitmq";
  private static final String CONSUMER = "com.rabbitmq.client.Consumer";
  private static final String PROPERTIES = "com.rabbitmq.client.AMQP$BasicProperties";

  /** amqp-client 5.x: what the handlers call. */
  static final Library AMQP_CLIENT =
      Library.of(
              "amqp-client",
              "com.rabbitmq.client.Channel",
              "dev.sightline.instrumentation.rabbitmq.RabbitHandlers",
              Handlers.RABBITMQ_PUBLISH,
              Handlers.RABBITMQ_DELIVER,
              Handlers.RABBITMQ_GET,
              Handlers.RABBITMQ_CONSUME,
              Handlers.RABBITMQ_CONNECTION,
              Handlers.RABBITMQ_PROCESS,
              Handlers.RABBITMQ_PROCESS_FAILED)
          .requires(PROPERTIES, "builder", "getHeaders", "getMessageId", "getCorrelationId")
          .requires("com.rabbitmq.client.Envelope", "getDeliveryTag", "getExchange", "getRoutingKey")
          .requires("com.rabbitmq.client.GetResponse", "getBody", "getEnvelope", "getProps")
          .requires("com.rabbitmq.client.Connection", "addShutdownListener", "getAddress", "getPort")
          .requires("com.rabbitmq.client.Recoverable", "addRecoveryListener")
          .requires("com.rabbitmq.client.RecoveryListener")
          .requires("com.rabbitmq.client.LongString");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Library> libraries() {
    return Collections.singletonList(AMQP_CLIENT);
  }

  @Override
  public List<TypeTransform> transforms() {
    return Arrays.asList(
        TypeTransform.forType("com.rabbitmq.client.impl.ChannelN")
            .library(AMQP_CLIENT)
            .advise(
                named("basicPublish")
                    .and(isPublic())
                    .and(takesArguments(6).or(takesArguments(7)))
                    .and(takesArgument(4, named(PROPERTIES))),
                PublishAdvice.class.getName())
            .advise(
                named("basicGet").and(isPublic()).and(takesArguments(2)).and(takesArgument(0, String.class)),
                GetAdvice.class.getName())
            .advise(
                named("basicConsume")
                    .and(isPublic())
                    .and(takesArguments(7))
                    .and(takesArgument(0, String.class))
                    .and(takesArgument(6, named(CONSUMER))),
                ConsumeAdvice.class.getName()),
        TypeTransform.forType("com.rabbitmq.client.ConnectionFactory")
            .library(AMQP_CLIENT)
            .advise(
                named("newConnection")
                    .and(isPublic())
                    .and(takesArguments(3))
                    .and(takesArgument(1, named("com.rabbitmq.client.AddressResolver"))),
                ConnectionAdvice.class.getName()),
        // Spring AMQP's queueing consumer only hands deliveries to its container's thread,
        // where the spring-rabbit instrumentation makes the process span.
        TypeTransform.forTypes(
                not(isInterface())
                    .and(not(named("org.springframework.amqp.rabbit.listener.BlockingQueueConsumer$InternalConsumer")))
                    .and(hasSuperType(named(CONSUMER))))
            .library(AMQP_CLIENT)
            .advise(
                named("handleDelivery")
                    .and(not(isAbstract()))
                    .and(takesArguments(4))
                    .and(takesArgument(0, String.class))
                    .and(takesArgument(1, named("com.rabbitmq.client.Envelope")))
                    .and(returns(void.class)),
                DeliveryAdvice.class.getName()));
  }
}
