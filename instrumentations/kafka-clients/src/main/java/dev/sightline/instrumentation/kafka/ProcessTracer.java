package dev.sightline.instrumentation.kafka;

import dev.sightline.agent.telemetry.SpanNames;
import dev.sightline.agent.telemetry.Operation;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.OpenScopes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * CONSUMER {@code process} spans, one per record the application takes, parented on the
 * producer's context from the record's headers and current while the application handles the
 * record. Each thread has at most one open process span; whatever ends it (the next record,
 * the end of the iteration, the next poll, close) ends it once.
 */
final class ProcessTracer {

  private final Telemetry telemetry;
  private final Tracer tracer;
  private final KafkaMetrics metrics;
  private final ThreadLocal<Process> open = new ThreadLocal<>();
  private final SpanNames names = new SpanNames("process");

  ProcessTracer(Telemetry telemetry, Tracer tracer, KafkaMetrics metrics) {
    this.telemetry = telemetry;
    this.tracer = tracer;
    this.metrics = metrics;
  }

  /**
   * One record being processed; run by OpenScopes, it ends the record's span should the
   * thread's unit of work end first (its own Runnable: no closure object per record).
   */
  final class Process extends Operation implements Runnable {
    private final String topic;
    private final String group;
    private final Thread owner = Thread.currentThread();
    private volatile String errorType;

    Process(Span span, Context context, String topic, String group) {
      super(span, context);
      this.topic = topic;
      this.group = group;
    }

    @Override
    public void run() {
      end();
    }

    void end() {
      if (Thread.currentThread() == owner) {
        // The scope belongs to the owning thread; another thread can only end the span.
        closeScope();
        if (open.get() == this) {
          open.set(null);
        }
        OpenScopes.closed(this);
      }
      if (!claimEnd()) {
        return;
      }
      span.end();
      metrics.processed(topic, group, errorType, elapsedSeconds());
    }

    /** The application's handling of the record failed (a framework caught the exception). */
    void failed(Throwable error) {
      if (error == null || ended() || errorType != null) {
        return;
      }
      errorType = MessagingAttributes.errorType(error);
      span.setAttribute(MessagingAttributes.ERROR_TYPE, errorType);
      span.recordException(error);
      span.setStatus(StatusCode.ERROR);
    }
  }

  /** Marks the record being processed on this thread as failed; false when there is none. */
  boolean failOpen(Throwable error) {
    Process process = open.get();
    if (process == null) {
      return false;
    }
    process.failed(error);
    return true;
  }

  /**
   * Starts the record's span and makes it current on this thread; null while a batch span
   * covers the records (a framework iterating them to build its batch listener's list).
   */
  Process start(ConsumerRecord<?, ?> record, ClientInfo consumer) {
    endOpen();
    if (CallDepth.inside(CallDepth.MESSAGING_BATCH)) {
      return null;
    }
    String topic = record.topic();
    Context base = Context.current();
    // A missing or malformed traceparent leaves the base context: the record starts a new trace.
    Context parent = telemetry.propagator().extract(base, record.headers(), RecordHeadersCarrier.INSTANCE);
    SpanBuilder builder =
        tracer
            .spanBuilder(names.of(topic))
            .setSpanKind(SpanKind.CONSUMER)
            .setParent(parent)
            .setAttribute(MessagingAttributes.SYSTEM, MessagingAttributes.KAFKA)
            .setAttribute(MessagingAttributes.OPERATION_TYPE, "process")
            .setAttribute(MessagingAttributes.OPERATION_NAME, "process")
            .setAttribute(MessagingAttributes.DESTINATION, topic)
            .setAttribute(MessagingAttributes.PARTITION, MessagingAttributes.partition(record.partition()))
            .setAttribute(MessagingAttributes.OFFSET, record.offset());
    if (consumer.groupId != null) {
      builder.setAttribute(MessagingAttributes.CONSUMER_GROUP, consumer.groupId);
    }
    if (consumer.clientId != null) {
      builder.setAttribute(MessagingAttributes.CLIENT_ID, consumer.clientId);
    }
    if (record.serializedValueSize() >= 0) {
      builder.setAttribute(MessagingAttributes.BODY_SIZE, (long) record.serializedValueSize());
    }
    if (record.value() == null) {
      builder.setAttribute(MessagingAttributes.TOMBSTONE, true);
    }
    Span span = builder.startSpan();
    Process process = new Process(span, parent.with(span), topic, consumer.groupId);
    process.makeCurrent();
    open.set(process);
    OpenScopes.opened(process);
    return process;
  }

  /** Ends the process span left open on this thread (the application left its loop early). */
  void endOpen() {
    Process process = open.get();
    if (process != null) {
      process.end();
    }
  }
}
