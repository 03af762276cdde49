package dev.sightline.agent.telemetry;

import dev.sightline.bootstrap.CallDepth;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * Wraps the OTLP exporter: counts what was sent and what failed, and keeps the export call
 * out of our own HTTP client instrumentation. A throwing exporter becomes a failed export.
 */
final class MonitoredSpanExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final ExportStatus status;
  private final ExportTroubleLog trouble;
  /**
   * When the drop count is next read: reading it collects every SDK self-metric, which cost 8 % of
   * the batch processor's CPU when done for each batch at thousands of spans a second.
   */
  private long nextDropCheckNanos = System.nanoTime();
  static final long DROP_CHECK_INTERVAL_NANOS = 1_000_000_000L;

  MonitoredSpanExporter(SpanExporter delegate, ExportStatus status) {
    this.delegate = delegate;
    this.status = status;
    this.trouble = new ExportTroubleLog(status.destination(), System::currentTimeMillis);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int count = spans.size();
    long now = System.nanoTime();
    if (now - nextDropCheckNanos >= 0) {
      nextDropCheckNanos = now + DROP_CHECK_INTERVAL_NANOS;
      trouble.dropped(status.droppedSpans());
    }
    CompletableResultCode result;
    CallDepth.enter(CallDepth.SUPPRESSED);
    try {
      result = delegate.export(spans);
    } catch (RuntimeException e) {
      status.recordFailure(count, ExportTroubleLog.reason(e));
      trouble.failure(count, e);
      return CompletableResultCode.ofFailure();
    } finally {
      CallDepth.exit(CallDepth.SUPPRESSED);
    }
    result.whenComplete(
        () -> {
          if (result.isSuccess()) {
            status.recordSuccess(count);
            trouble.success();
          } else {
            Throwable failure = result.getFailureThrowable();
            status.recordFailure(count, ExportTroubleLog.reason(failure));
            trouble.failure(count, failure);
          }
        });
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "MonitoredSpanExporter{" + delegate + "}";
  }
}
