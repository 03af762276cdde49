package dev.sightline.apps.otelapi;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;

/** OwnSdkApp's exporter: it only counts, which is all the test needs to see that the app's SDK got its spans. */
final class CountingExporter implements SpanExporter {

  private final AtomicInteger exported = new AtomicInteger();

  int exported() {
    return exported.get();
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    exported.addAndGet(spans.size());
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
