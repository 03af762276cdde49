package dev.sightline.agent.telemetry;

import dev.sightline.bootstrap.AgentLog;
import io.opentelemetry.api.trace.Span;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.tracer.common.SpanContext;
import io.prometheus.metrics.core.util.Scheduler;
import io.prometheus.metrics.tracer.initializer.SpanContextSupplier;

/**
 * Gives client_java's exemplar sampler the agent's spans, so the duration histograms carry the
 * {@code trace_id} and {@code span_id} of a sampled span in the OpenMetrics exposition.
 *
 * <p>client_java asks one global {@link SpanContextSupplier} for "the current span" when it
 * considers keeping an exemplar (at most every 90 ms per series, not per observation). The
 * agent's copy of client_java is relocated, so that global is the agent's alone. Handlers end
 * their span before they record its duration, sometimes on another thread (an async client's
 * completion), so the span is named for the one observation with {@link #observe}; other
 * observations fall back to the span current on the thread (a JDBC statement's caller, whose
 * trace is the statement's trace).
 *
 * <p>{@link #markCurrentSpanAsExemplar()} does nothing: client_java would add an attribute to a
 * span that has already ended, and sampling was decided when the span started.
 */
public final class TraceExemplars implements SpanContext {

  /** The span named for the observation in progress on this thread; null outside {@link #observe}. */
  private static final ThreadLocal<Span> OBSERVING = new ThreadLocal<>();

  private static volatile boolean enabled;

  private TraceExemplars() {}

  /**
   * Plugs the agent's spans into client_java. With tracing off ({@code otel.sdk.disabled}) spans
   * still get ids but go nowhere, so no exemplar is offered: it would link to nothing.
   */
  static void install(boolean tracingRecordsSpans) {
    enabled = tracingRecordsSpans;
    SpanContextSupplier.setSpanContext(new TraceExemplars());
    startSamplerThread();
  }

  /**
   * The exemplar sampler's timer thread starts with the first exemplar otherwise, on whichever
   * application thread records it, and keeps that thread's context class loader: a webapp's,
   * which could then never be unloaded. Started here, it has the agent's.
   */
  private static void startSamplerThread() {
    try {
      Scheduler.awaitInitialization();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | LinkageError e) {
      AgentLog.warnOnce("exemplar-scheduler", "exemplars are sampled without their timer thread", e);
    }
  }

  /** Observes {@code value}, offering {@code span} (ended or not) as its exemplar. */
  public static void observe(DistributionDataPoint point, double value, Span span) {
    if (span == null) {
      point.observe(value);
      return;
    }
    OBSERVING.set(span);
    try {
      point.observe(value);
    } finally {
      // set(null), not remove(): no map entry churn on the request path.
      OBSERVING.set(null);
    }
  }

  private static io.opentelemetry.api.trace.SpanContext span() {
    Span named = OBSERVING.get();
    return (named != null ? named : Span.current()).getSpanContext();
  }

  @Override
  public String getCurrentTraceId() {
    io.opentelemetry.api.trace.SpanContext span = span();
    return span.isValid() ? span.getTraceId() : null;
  }

  @Override
  public String getCurrentSpanId() {
    io.opentelemetry.api.trace.SpanContext span = span();
    return span.isValid() ? span.getSpanId() : null;
  }

  @Override
  public boolean isCurrentSpanSampled() {
    return enabled && span().isSampled();
  }

  @Override
  public void markCurrentSpanAsExemplar() {}
}
