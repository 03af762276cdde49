package dev.sightline.instrumentation.kafka;

import dev.sightline.agent.telemetry.Operation;
import dev.sightline.agent.telemetry.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * One CONSUMER {@code process} span for a batch a framework hands to a batch listener (Spring
 * Kafka's), linked to each record's producer: the batch has many parents, so it is not the
 * child of any of them. Current while the listener runs; the records' own process spans are
 * not made meanwhile.
 */
final class BatchTracer {

  private final Telemetry telemetry;
  private final Tracer tracer;
  private final KafkaMetrics metrics;
  /** The batch whose listener runs on this thread. */
  private final ThreadLocal<Batch> current = new ThreadLocal<>();

  BatchTracer(Telemetry telemetry, Tracer tracer, KafkaMetrics metrics) {
    this.telemetry = telemetry;
    this.tracer = tracer;
    this.metrics = metrics;
  }

  /** A batch being processed. */
  final class Batch extends Operation {
    private final Set<String> topics;
    private final String group;
    private volatile String errorType;

    Batch(Span span, Context context, Set<String> topics, String group) {
      super(span, context);
      this.topics = topics;
      this.group = group;
    }

    void end(Throwable error) {
      closeScope();
      if (current.get() == this) {
        current.remove();
      }
      if (!claimEnd()) {
        return;
      }
      failed(error);
      span.end();
      double seconds = elapsedSeconds();
      for (String topic : topics) {
        metrics.processed(topic, group, errorType, seconds);
      }
    }

    /** The listener failed on the batch (a framework caught the exception). */
    void failed(Throwable error) {
      if (error == null || errorType != null) {
        return;
      }
      errorType = MessagingAttributes.errorType(error);
      span.setAttribute(MessagingAttributes.ERROR_TYPE, errorType);
      span.recordException(error);
      span.setStatus(StatusCode.ERROR);
    }
  }

  /** @param consumer the polling consumer's facts, or null when the batch was not seen polled */
  Batch start(ConsumerRecords<?, ?> records, ClientInfo consumer) {
    Set<String> topics = new LinkedHashSet<>();
    for (TopicPartition partition : records.partitions()) {
      topics.add(partition.topic());
    }
    String topic = topics.size() == 1 ? topics.iterator().next() : null;
    Context parent = Context.current();
    SpanBuilder builder =
        tracer
            .spanBuilder(topic == null ? "process" : "process " + topic)
            .setSpanKind(SpanKind.CONSUMER)
            .setParent(parent)
            .setAttribute(MessagingAttributes.SYSTEM, MessagingAttributes.KAFKA)
            .setAttribute(MessagingAttributes.OPERATION_TYPE, "process")
            .setAttribute(MessagingAttributes.OPERATION_NAME, "process")
            .setAttribute(MessagingAttributes.BATCH_COUNT, (long) records.count());
    if (topic != null) {
      builder.setAttribute(MessagingAttributes.DESTINATION, topic);
    }
    String group = consumer == null ? null : consumer.groupId;
    if (group != null) {
      builder.setAttribute(MessagingAttributes.CONSUMER_GROUP, group);
    }
    if (consumer != null && consumer.clientId != null) {
      builder.setAttribute(MessagingAttributes.CLIENT_ID, consumer.clientId);
    }
    ProducerLinks.add(builder, records, telemetry.propagator());
    Span span = builder.startSpan();
    Batch batch = new Batch(span, parent.with(span), topics, group);
    batch.makeCurrent();
    current.set(batch);
    return batch;
  }

  /** Marks the batch being processed on this thread as failed; false when there is none. */
  boolean failCurrent(Throwable error) {
    Batch batch = current.get();
    if (batch == null) {
      return false;
    }
    batch.failed(error);
    return true;
  }
}
