package dev.sightline.instrumentation.kafka;

import dev.sightline.agent.telemetry.SpanNames;
import dev.sightline.agent.telemetry.Operation;
import dev.sightline.agent.telemetry.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** PRODUCER spans: started by send, ended by the broker's acknowledgement or the failure. */
final class SendTracer {

  private static final String UNKNOWN_CLUSTER = "kafka";

  private final Telemetry telemetry;
  private final Tracer tracer;
  private final KafkaMetrics metrics;
  private final SpanNames names = new SpanNames("send");

  SendTracer(Telemetry telemetry, Tracer tracer, KafkaMetrics metrics) {
    this.telemetry = telemetry;
    this.tracer = tracer;
    this.metrics = metrics;
  }

  /** One record on its way to the broker. */
  final class Send extends Operation {
    private final String topic;
    private final String cluster;

    Send(Span span, Context context, String topic, String cluster) {
      super(span, context);
      this.topic = topic;
      this.cluster = cluster;
    }

    void end(RecordMetadata metadata, Throwable error) {
      if (!claimEnd()) {
        return;
      }
      String errorType = MessagingAttributes.errorType(error);
      if (metadata != null) {
        if (metadata.partition() >= 0) {
          span.setAttribute(MessagingAttributes.PARTITION, MessagingAttributes.partition(metadata.partition()));
        }
        if (metadata.hasOffset()) {
          span.setAttribute(MessagingAttributes.OFFSET, metadata.offset());
        }
      }
      if (error != null) {
        span.setAttribute(MessagingAttributes.ERROR_TYPE, errorType);
        span.recordException(error);
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
      metrics.sent(topic, errorType, elapsedSeconds());
      if (error == null) {
        telemetry.dependencies().success("kafka", cluster);
      } else {
        telemetry.dependencies().failure("kafka", cluster, errorType);
      }
    }
  }

  Send start(ProducerRecord<?, ?> record, ClientInfo client) {
    String topic = record.topic();
    Context parent = Context.current();
    SpanBuilder builder =
        tracer
            .spanBuilder(names.of(topic))
            .setSpanKind(SpanKind.PRODUCER)
            .setParent(parent)
            .setAttribute(MessagingAttributes.SYSTEM, MessagingAttributes.KAFKA)
            .setAttribute(MessagingAttributes.OPERATION_TYPE, "send")
            .setAttribute(MessagingAttributes.OPERATION_NAME, "send")
            .setAttribute(MessagingAttributes.DESTINATION, topic);
    if (record.partition() != null) {
      builder.setAttribute(MessagingAttributes.PARTITION, MessagingAttributes.partition(record.partition()));
    }
    if (record.value() == null) {
      builder.setAttribute(MessagingAttributes.TOMBSTONE, true);
    }
    if (client.clientId != null) {
      builder.setAttribute(MessagingAttributes.CLIENT_ID, client.clientId);
    }
    if (client.serverAddress != null) {
      builder.setAttribute(MessagingAttributes.SERVER_ADDRESS, client.serverAddress);
      if (client.serverPort > 0) {
        builder.setAttribute(MessagingAttributes.SERVER_PORT, (long) client.serverPort);
      }
    }
    Span span = builder.startSpan();
    Context context = parent.with(span);
    telemetry.propagator().inject(context, record.headers(), RecordHeadersCarrier.INSTANCE);
    return new Send(span, context, topic, client.cluster == null ? UNKNOWN_CLUSTER : client.cluster);
  }
}
