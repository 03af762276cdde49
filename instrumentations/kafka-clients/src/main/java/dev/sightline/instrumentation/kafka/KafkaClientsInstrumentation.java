package dev.sightline.instrumentation.kafka;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
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
 * {@code kafka-clients}: PRODUCER spans around {@code KafkaProducer.send} (ended by the broker's
 * answer), CONSUMER {@code process} spans around each record the application takes from a
 * polled {@code ConsumerRecords}, messaging metrics, consumer lag and the cluster's health.
 */
public final class KafkaClientsInstrumentation implements InstrumentationModule {

  static final String NAME = "kafka-clients";
  private static final String PRODUCER = "org.apache.kafka.clients.producer.KafkaProducer";
  private static final String CONSUMER = "org.apache.kafka.clients.consumer.KafkaConsumer";
  private static final String RECORDS = "org.apache.kafka.clients.consumer.ConsumerRecords";

  /** kafka-clients 3.x and 4.x: what the handlers call. */
  static final Library KAFKA_CLIENTS =
      Library.of(
              NAME,
              PRODUCER,
              "dev.sightline.instrumentation.kafka.KafkaHandlers",
              Handlers.KAFKA_PRODUCER_SEND,
              Handlers.KAFKA_CONSUMER_POLL,
              Handlers.KAFKA_CONSUMER_CLOSE,
              Handlers.KAFKA_CONSUMER_RECORDS,
              Handlers.KAFKA_BATCH_PROCESS,
              Handlers.KAFKA_PROCESS_FAILED)
          .requires(PRODUCER, "metrics")
          .requires("org.apache.kafka.clients.consumer.Consumer", "metrics", "groupMetadata")
          .requires("org.apache.kafka.clients.consumer.ConsumerRecord", "headers", "serializedValueSize", "partition", "offset")
          .requires("org.apache.kafka.clients.producer.ProducerRecord", "headers", "topic", "partition")
          .requires("org.apache.kafka.clients.producer.RecordMetadata", "partition", "offset")
          .requires("org.apache.kafka.common.header.Headers", "lastHeader", "remove", "add")
          .requires("org.apache.kafka.common.MetricName", "tags", "group");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Library> libraries() {
    return Collections.singletonList(KAFKA_CLIENTS);
  }

  @Override
  public List<TypeTransform> transforms() {
    return Arrays.asList(
        // The one-argument send calls this one with a null callback.
        TypeTransform.forType(PRODUCER)
            .library(KAFKA_CLIENTS)
            .advise(
                named("send").and(isPublic()).and(takesArguments(2))
                    .and(takesArgument(0, named("org.apache.kafka.clients.producer.ProducerRecord"))),
                ProducerSendAdvice.class.getName()),
        TypeTransform.forType(CONSUMER)
            .library(KAFKA_CLIENTS)
            .advise(named("poll").and(isPublic()).and(takesArguments(1)), ConsumerPollAdvice.class.getName())
            .advise(named("close").and(isPublic()), ConsumerCloseAdvice.class.getName()),
        TypeTransform.forType(RECORDS)
            .library(KAFKA_CLIENTS)
            .advise(named("iterator").and(takesArguments(0)), RecordsAdvice.class.getName())
            .advise(named("records").and(isPublic()).and(takesArguments(1)), RecordsAdvice.class.getName()));
  }
}
