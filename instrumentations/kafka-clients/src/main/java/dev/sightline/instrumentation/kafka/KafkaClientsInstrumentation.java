package dev.sightline.instrumentation.kafka;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.config.AgentConfig;
import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.LazyHandler;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handlers;
import java.util.Arrays;
import java.util.List;

/**
 * {@code kafka-clients}: PRODUCER spans around {@code KafkaProducer.send} (ended by the broker's
 * answer), CONSUMER {@code process} spans around each record the application takes from a
 * polled {@code ConsumerRecords}, messaging metrics, consumer lag and the cluster's health.
 */
public final class KafkaClientsInstrumentation implements InstrumentationModule {

  static final String NAME = "kafka-clients";
  private static final String PRODUCER = "org.apache.kafka.clients.producer.KafkaProducer";
  private static final String CONSUMER = "org.apache.kafka.clients.consumer.KafkaConsumer";
  private static final String RECORDS = "org.apache.kafka.clients.consumer.ConsumerRecords";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void registerHandlers(Telemetry telemetry) {
    boolean pollSpans = AgentConfig.fromSystem().getBoolean("sightline.kafka.poll-spans", false);
    SharedKafkaHandlers shared = new SharedKafkaHandlers(telemetry, pollSpans);
    Handlers.register(Handlers.KAFKA_PRODUCER_SEND, LazyHandler.of(NAME, shared::send));
    Handlers.register(Handlers.KAFKA_CONSUMER_POLL, LazyHandler.of(NAME, shared::poll));
    Handlers.register(Handlers.KAFKA_CONSUMER_CLOSE, LazyHandler.of(NAME, shared::close));
    Handlers.register(Handlers.KAFKA_CONSUMER_RECORDS, LazyHandler.of(NAME, shared::records));
  }

  @Override
  public List<TypeTransform> transforms() {
    return Arrays.asList(
        // The one-argument send calls this one with a null callback.
        TypeTransform.forType(PRODUCER)
            .advise(
                named("send").and(isPublic()).and(takesArguments(2))
                    .and(takesArgument(0, named("org.apache.kafka.clients.producer.ProducerRecord"))),
                ProducerSendAdvice.class.getName()),
        TypeTransform.forType(CONSUMER)
            .advise(named("poll").and(isPublic()).and(takesArguments(1)), ConsumerPollAdvice.class.getName())
            .advise(named("close").and(isPublic()), ConsumerCloseAdvice.class.getName()),
        TypeTransform.forType(RECORDS)
            .advise(named("iterator").and(takesArguments(0)), RecordsAdvice.class.getName())
            .advise(named("records").and(isPublic()).and(takesArguments(1)), RecordsAdvice.class.getName()));
  }
}
