package dev.sightline.agent.telemetry;

import dev.sightline.agent.export.DirectOtlpSpanExporter;
import dev.sightline.bootstrap.AgentLog;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Builds the real exporter at the first export instead of in premain. The OTLP exporter
 * creates a JDK HttpClient, and the JDK reads its {@code jdk.httpclient.*} settings once, at
 * the first client: built in premain, it would fix them before the application's main() sets
 * its own. The first export happens only after the application has served traffic.
 */
final class DeferredSpanExporter implements SpanExporter {

  private final Supplier<SpanExporter> factory;
  private volatile SpanExporter delegate;
  private volatile boolean failed;
  private volatile boolean exiting;

  DeferredSpanExporter(Supplier<SpanExporter> factory) {
    this.factory = factory;
  }

  private SpanExporter delegate() {
    SpanExporter current = delegate;
    if (current == null && !failed) {
      synchronized (this) {
        current = delegate;
        if (current == null && !failed) {
          try {
            current = factory.get();
            delegate = current;
            if (exiting) {
              tellExiting(current); // made by the flush at exit itself
            }
          } catch (RuntimeException | LinkageError e) {
            failed = true;
            AgentLog.warn("span exporter could not be created; spans are kept for /traces only", e);
          }
        }
      }
    }
    return current;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    SpanExporter exporter = delegate();
    return exporter == null ? CompletableResultCode.ofFailure() : exporter.export(spans);
  }

  /** The JVM is exiting (see {@link DirectOtlpSpanExporter#exiting()}); said before the last flush. */
  void exiting() {
    exiting = true;
    SpanExporter exporter = delegate;
    if (exporter != null) {
      tellExiting(exporter);
    }
  }

  private static void tellExiting(SpanExporter exporter) {
    if (exporter instanceof DirectOtlpSpanExporter) {
      ((DirectOtlpSpanExporter) exporter).exiting();
    }
  }

  @Override
  public CompletableResultCode flush() {
    SpanExporter exporter = delegate;
    return exporter == null ? CompletableResultCode.ofSuccess() : exporter.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    SpanExporter exporter = delegate;
    return exporter == null ? CompletableResultCode.ofSuccess() : exporter.shutdown();
  }
}
