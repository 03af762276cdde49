package dev.sightline.agent.telemetry;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** What the span exporter has done so far, for /health and /metrics. */
public final class ExportStatus {

  private final String destination;
  private final AtomicLong exportedSpans = new AtomicLong();
  private final AtomicLong failedSpans = new AtomicLong();
  private final AtomicLong consecutiveFailures = new AtomicLong();
  private volatile String lastOutcome = "none";
  private volatile long lastExportMillis;
  private volatile String lastError;
  private volatile LongSupplier droppedSpans = () -> 0;

  public ExportStatus(String destination) {
    this.destination = destination;
  }

  void recordSuccess(int spans) {
    exportedSpans.addAndGet(spans);
    consecutiveFailures.set(0);
    lastOutcome = "success";
    lastExportMillis = System.currentTimeMillis();
  }

  void recordFailure(int spans, String error) {
    failedSpans.addAndGet(spans);
    consecutiveFailures.incrementAndGet();
    lastOutcome = "failure";
    lastError = error;
    lastExportMillis = System.currentTimeMillis();
  }

  void droppedSpansFrom(LongSupplier supplier) {
    this.droppedSpans = supplier;
  }

  public String destination() {
    return destination;
  }

  public boolean enabled() {
    return !"none".equals(destination);
  }

  public long exportedSpans() {
    return exportedSpans.get();
  }

  public long failedSpans() {
    return failedSpans.get();
  }

  /** Spans the batch processor could not queue (collector too slow or down). */
  public long droppedSpans() {
    try {
      return droppedSpans.getAsLong();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  public long consecutiveFailures() {
    return consecutiveFailures.get();
  }

  public String lastOutcome() {
    return lastOutcome;
  }

  public long lastExportMillis() {
    return lastExportMillis;
  }

  public String lastError() {
    return lastError;
  }
}
