package dev.sightline.instrumentation.kafka;

import dev.sightline.agent.telemetry.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * What a poll that returned records (or failed) records: messages consumed per topic, the poll
 * duration, and, when {@code sightline.kafka.poll-spans=true}, a CLIENT {@code poll} span
 * linking to every record's producer context.
 */
final class PollTracer {

  private final Telemetry telemetry;
  private final Tracer tracer;
  private final KafkaMetrics metrics;

  /** @param tracer null when poll spans are off */
  PollTracer(Telemetry telemetry, Tracer tracer, KafkaMetrics metrics) {
    this.telemetry = telemetry;
    this.tracer = tracer;
    this.metrics = metrics;
  }

  /** When a poll started. */
  static final class Poll {
    final long startNanos = System.nanoTime();
    final long startEpochNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
  }

  Poll begin() {
    return new Poll();
  }

  void end(Poll poll, ConsumerRecords<?, ?> records, ClientInfo consumer, Throwable error) {
    double seconds = (System.nanoTime() - poll.startNanos) / 1e9;
    Map<String, Long> perTopic = new LinkedHashMap<>();
    if (records != null) {
      for (TopicPartition partition : records.partitions()) {
        perTopic.merge(partition.topic(), (long) records.records(partition).size(), Long::sum);
      }
    }
    String errorType = MessagingAttributes.errorType(error);
    if (perTopic.isEmpty()) {
      metrics.pollDuration("", consumer.groupId, errorType, seconds);
    }
    for (Map.Entry<String, Long> topic : perTopic.entrySet()) {
      metrics.polled(topic.getKey(), consumer.groupId, topic.getValue());
      metrics.pollDuration(topic.getKey(), consumer.groupId, errorType, seconds);
    }
    if (tracer != null) {
      span(poll, records, perTopic, consumer, error);
    }
  }

  private void span(
      Poll poll, ConsumerRecords<?, ?> records, Map<String, Long> perTopic, ClientInfo consumer, Throwable error) {
    String topic = perTopic.size() == 1 ? perTopic.keySet().iterator().next() : null;
    SpanBuilder builder =
        tracer
            .spanBuilder(topic == null ? "poll" : "poll " + topic)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(Context.current())
            .setStartTimestamp(poll.startEpochNanos, TimeUnit.NANOSECONDS)
            .setAttribute(MessagingAttributes.SYSTEM, MessagingAttributes.KAFKA)
            .setAttribute(MessagingAttributes.OPERATION_TYPE, "receive")
            .setAttribute(MessagingAttributes.OPERATION_NAME, "poll");
    if (topic != null) {
      builder.setAttribute(MessagingAttributes.DESTINATION, topic);
    }
    if (consumer.groupId != null) {
      builder.setAttribute(MessagingAttributes.CONSUMER_GROUP, consumer.groupId);
    }
    if (consumer.clientId != null) {
      builder.setAttribute(MessagingAttributes.CLIENT_ID, consumer.clientId);
    }
    if (records != null) {
      builder.setAttribute(MessagingAttributes.BATCH_COUNT, (long) records.count());
      ProducerLinks.add(builder, records, telemetry.propagator());
    }
    Span span = builder.startSpan();
    if (error != null) {
      span.setAttribute(MessagingAttributes.ERROR_TYPE, MessagingAttributes.errorType(error));
      span.recordException(error);
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
  }
}
