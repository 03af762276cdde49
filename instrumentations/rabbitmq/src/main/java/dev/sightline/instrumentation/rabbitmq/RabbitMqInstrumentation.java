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
import dev.sightline.agent.spi.LazyHandler;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handlers;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

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

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void registerHandlers(Telemetry telemetry) {
    Supplier<RabbitHandlers> handlers = new Supplier<RabbitHandlers>() {
      private RabbitHandlers created;

      @Override
      public synchronized RabbitHandlers get() {
        if (created == null) {
          created = new RabbitHandlers(telemetry);
        }
        return created;
      }
    };
    Handlers.register(Handlers.RABBITMQ_PUBLISH, LazyHandler.of(NAME, () -> handlers.get().publish()));
    Handlers.register(Handlers.RABBITMQ_DELIVER, LazyHandler.of(NAME, () -> handlers.get().deliver()));
    Handlers.register(Handlers.RABBITMQ_GET, LazyHandler.of(NAME, () -> handlers.get().get()));
    Handlers.register(Handlers.RABBITMQ_CONSUME, LazyHandler.of(NAME, () -> handlers.get().consume()));
    Handlers.register(Handlers.RABBITMQ_CONNECTION, LazyHandler.of(NAME, () -> handlers.get().connection()));
  }

  @Override
  public List<TypeTransform> transforms() {
    return Arrays.asList(
        TypeTransform.forType("com.rabbitmq.client.impl.ChannelN")
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
            .advise(
                named("newConnection")
                    .and(isPublic())
                    .and(takesArguments(3))
                    .and(takesArgument(1, named("com.rabbitmq.client.AddressResolver"))),
                ConnectionAdvice.class.getName()),
        TypeTransform.forTypes(not(isInterface()).and(hasSuperType(named(CONSUMER))))
            .classLoaderHas(CONSUMER)
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
