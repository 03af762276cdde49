package dev.sightline.agent.telemetry;

import dev.sightline.agent.export.DirectOtlpSpanExporter;
import dev.sightline.bootstrap.AgentLog;
import io.opentelemetry.exporter.internal.FailedExportException;
import java.util.function.LongSupplier;

/**
 * What the agent's log says about span export trouble: one line naming the collector and the
 * reason at the first failure, then at most one line a minute while it lasts, counting what failed
 * since, and one line when exports work again. A collector that is down for an hour costs sixty
 * lines, not one per batch; the SDK's own lines about the same failures are kept at debug.
 */
final class ExportTroubleLog {

  static final long REPORT_INTERVAL_MILLIS = 60_000;

  private final String destination;
  private final LongSupplier clock;
  private boolean failing;
  /** Whether the current run of failures was said: a collector that flaps is said once a minute too. */
  private boolean saidThisRun;
  private long lastReportMillis = Long.MIN_VALUE / 2;
  private int failuresSinceReport;
  private long spansSinceReport;
  private long droppedReported;
  private long lastDropReportMillis;

  ExportTroubleLog(String destination, LongSupplier clock) {
    this.destination = destination;
    this.clock = clock;
  }

  /** An export of {@code spans} spans failed; returns the line logged, or null when it stays quiet. */
  synchronized String failure(int spans, Throwable error) {
    long now = clock.getAsLong();
    failuresSinceReport++;
    spansSinceReport += spans;
    boolean again = failuresSinceReport > 1;
    failing = true;
    if (now - lastReportMillis < REPORT_INTERVAL_MILLIS) {
      return null;
    }
    String line = "span export to " + destination + " failed: " + reason(error)
        + (again ? "; " + failuresSinceReport + " exports (" + spansSinceReport + " spans) failed in the last "
            + (now - lastReportMillis) / 1000 + " s" : "; " + spans + " spans not exported")
        + "; next batches are tried as they come, and this is said again at most once a minute";
    saidThisRun = true;
    lastReportMillis = now;
    failuresSinceReport = 0;
    spansSinceReport = 0;
    AgentLog.warn(line);
    return line;
  }

  /** An export succeeded; returns the line logged when it ends a run of failures. */
  synchronized String success() {
    if (!failing) {
      return null;
    }
    failing = false;
    if (!saidThisRun) {
      // failures since the last line, all within a minute of it: counted for the next one
      return null;
    }
    String line = "span export to " + destination + " works again"
        + (failuresSinceReport > 0 ? " (" + failuresSinceReport + " more exports, " + spansSinceReport + " spans, failed before)" : "");
    saidThisRun = false;
    failuresSinceReport = 0;
    spansSinceReport = 0;
    AgentLog.info(line);
    return line;
  }

  /**
   * The batch processor has dropped {@code totalDropped} spans so far on a full queue; returns the
   * line logged: at the first drop, then at most once a minute while drops go on.
   */
  synchronized String dropped(long totalDropped) {
    long now = clock.getAsLong();
    if (totalDropped <= droppedReported || (droppedReported > 0 && now - lastDropReportMillis < REPORT_INTERVAL_MILLIS)) {
      return null;
    }
    String line = (totalDropped - droppedReported) + " spans dropped" + (droppedReported > 0 ? " in the last "
        + (now - lastDropReportMillis) / 1000 + " s" : "") + " (" + totalDropped + " in all): the export queue was full, "
        + "the collector at " + destination + " takes them slower than the application makes them"
        + " (otel.bsp.max.queue.size, otel.bsp.max.export.batch.size)";
    droppedReported = totalDropped;
    lastDropReportMillis = now;
    AgentLog.warn(line);
    return line;
  }

  /** The failure in a few words: the collector's HTTP answer, or the innermost exception. */
  static String reason(Throwable error) {
    if (error instanceof FailedExportException.HttpExportException
        && ((FailedExportException.HttpExportException) error).failedWithResponse()) {
      io.opentelemetry.sdk.common.export.HttpResponse response = ((FailedExportException.HttpExportException) error).getResponse();
      int status = response.getStatusCode();
      String message = response.getStatusMessage();
      return "the collector answered HTTP " + status
          + (message == null || message.isEmpty() || message.equals(Integer.toString(status)) ? "" : " " + message);
    }
    if (error == null) {
      return "no reason given";
    }
    if (error instanceof DirectOtlpSpanExporter.CollectorRefusal) {
      return error.getMessage();
    }
    // The first exception that is not a mere wrapper says what happened (a refused connection, a
    // timeout); deeper causes are the transport's internals.
    Throwable cause = error;
    for (int depth = 0; isWrapper(cause) && cause.getCause() != null && cause.getCause() != cause && depth < 16; depth++) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getName() + (message == null || message.isEmpty() ? "" : ": " + message.replace('\n', ' '));
  }

  private static boolean isWrapper(Throwable error) {
    return error instanceof java.util.concurrent.CompletionException
        || error instanceof java.util.concurrent.ExecutionException
        || error instanceof java.io.UncheckedIOException
        || error instanceof FailedExportException;
  }
}
