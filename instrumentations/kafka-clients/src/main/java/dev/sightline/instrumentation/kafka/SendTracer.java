package dev.sightline.instrumentation.kafka;

import dev.sightline.agent.telemetry.SpanNames;
import dev.sightline.agent.telemetry.Operation;
import dev.sightline.agent.telemetry.SpanIdNumbers;
import dev.sightline.agent.telemetry.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * PRODUCER spans: started by send, ended by the broker's acknowledgement or the failure. A send
 * beyond {@link PendingSends}' limit ends its span when send returns instead, so no open span
 * waits on the broker for it (see {@link PendingSends}).
 */
final class SendTracer {

  private static final String UNKNOWN_CLUSTER = "kafka";

  private final Telemetry telemetry;
  private final Tracer tracer;
  private final KafkaMetrics metrics;
  private final PendingSends pending;
  private final SpanNames names = new SpanNames("send");

  SendTracer(Telemetry telemetry, Tracer tracer, KafkaMetrics metrics, PendingSends pending) {
    this.telemetry = telemetry;
    this.tracer = tracer;
    this.metrics = metrics;
    this.pending = pending;
  }

  /** What the broker's answer to one record completes, and the context its callback runs in. */
  interface Completion {
    void end(RecordMetadata metadata, Throwable error);

    Context context();
  }

  /** One record on its way to the broker. */
  final class Send extends Operation implements Completion {
    private final String topic;
    private final String cluster;
    /** Null while the span waits for the answer; beyond the limit, what the answer completes instead. */
    private final HandedOff handedOff;

    Send(Span span, Context parent, Context context, String topic, String cluster, boolean held) {
      super(span, context);
      this.topic = topic;
      this.cluster = cluster;
      this.handedOff = held ? null : new HandedOff(SendTracer.this, topic, cluster, startNanos, parent, span.getSpanContext());
    }

    /** What the record's callback completes: this send, or for a send beyond the limit its answer alone. */
    Completion completion() {
      return handedOff == null ? this : handedOff;
    }

    /** send returned, or threw: a send that threw gets no answer from the broker. */
    void returned(Throwable error) {
      if (handedOff != null) {
        // a failure the client reported through the callback within send is the span's too
        endSpan(null, error != null ? error : handedOff.error);
      }
      if (error != null) {
        completion().end(null, error);
      }
    }

    @Override
    public void end(RecordMetadata metadata, Throwable error) {
      if (endSpan(metadata, error) && handedOff == null) {
        pending.release();
        answered(topic, cluster, error, elapsedSeconds());
      }
    }

    private boolean endSpan(RecordMetadata metadata, Throwable error) {
      if (!claimEnd()) {
        return false;
      }
      if (metadata != null) {
        if (metadata.partition() >= 0) {
          span.setAttribute(MessagingAttributes.PARTITION, MessagingAttributes.partition(metadata.partition()));
        }
        if (metadata.hasOffset()) {
          span.setAttribute(MessagingAttributes.OFFSET, metadata.offset());
        }
      }
      if (error != null) {
        span.setAttribute(MessagingAttributes.ERROR_TYPE, MessagingAttributes.errorType(error));
        span.recordException(error);
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
      return true;
    }
  }

  /**
   * The broker's answer to a send whose span already ended: it counts in metrics and health only,
   * and the application's callback runs under the span's ids. A producer faster than its broker
   * keeps its whole buffer in flight (188,000 records in ProducerPerformance's 32 MB), each for
   * about a second, so this is kept small: the ids as numbers, the parent context the send ran in
   * (shared by the sends of one request or loop), no atomic of its own; the callback's context is
   * made when the answer comes.
   */
  private static final class HandedOff implements Completion {
    private static final AtomicIntegerFieldUpdater<HandedOff> ANSWERED =
        AtomicIntegerFieldUpdater.newUpdater(HandedOff.class, "answered");

    private final SendTracer tracer;
    private final String topic;
    private final String cluster;
    private final long startNanos;
    private final Context parent;
    private final long traceIdHigh;
    private final long traceIdLow;
    private final long spanId;
    private final byte traceFlags;
    private final TraceState traceState;
    private volatile int answered;
    private volatile Throwable error;

    HandedOff(SendTracer tracer, String topic, String cluster, long startNanos, Context parent, SpanContext span) {
      this.tracer = tracer;
      this.topic = topic;
      this.cluster = cluster;
      this.startNanos = startNanos;
      this.parent = parent;
      this.traceIdHigh = SpanIdNumbers.traceIdHigh(span);
      this.traceIdLow = SpanIdNumbers.traceIdLow(span);
      this.spanId = SpanIdNumbers.spanId(span);
      this.traceFlags = span.getTraceFlags().asByte();
      this.traceState = span.getTraceState();
    }

    @Override
    public void end(RecordMetadata metadata, Throwable error) {
      if (ANSWERED.compareAndSet(this, 0, 1)) {
        this.error = error;
        tracer.answered(topic, cluster, error, (System.nanoTime() - startNanos) / 1e9);
      }
    }

    @Override
    public Context context() {
      return parent.with(Span.wrap(SpanIdNumbers.spanContext(traceIdHigh, traceIdLow, spanId, traceFlags, traceState)));
    }
  }

  private void answered(String topic, String cluster, Throwable error, double seconds) {
    String errorType = MessagingAttributes.errorType(error);
    metrics.sent(topic, errorType, seconds);
    if (error == null) {
      telemetry.dependencies().success("kafka", cluster);
    } else {
      telemetry.dependencies().failure("kafka", cluster, errorType);
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
    return new Send(span, parent, context, topic, client.cluster == null ? UNKNOWN_CLUSTER : client.cluster, pending.tryHold());
  }
}
