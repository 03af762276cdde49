package dev.sightline.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sightline.agent.export.OtlpTraceEncoder;
import dev.sightline.agent.telemetry.RecentSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class OtlpSpanCountTest {

  @Test
  void countsTheSpansOfEveryScopeAsEitherEncoderWritesThem() throws Exception {
    List<SpanData> spans = spans();
    byte[] ours = new OtlpTraceEncoder().encode(spans);
    LowAllocationTraceRequestMarshaler marshaler = new LowAllocationTraceRequestMarshaler();
    marshaler.initialize(spans);
    ByteArrayOutputStream sdk = new ByteArrayOutputStream();
    marshaler.writeBinaryTo(sdk);

    assertEquals(7, OtlpSpanCount.of(ours, null));
    assertEquals(7, OtlpSpanCount.of(sdk.toByteArray(), null));
    assertEquals(7, OtlpSpanCount.of(gzip(ours), "gzip"));
    assertEquals(0, OtlpSpanCount.of(new byte[0], null));
  }

  @Test
  void aBodyThatIsNotProtobufIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> OtlpSpanCount.of(new byte[] {0x0F}, null));
  }

  /** Seven ended spans of two instrumentation scopes, as the batch processor would hand them over. */
  private static List<SpanData> spans() {
    RecentSpans ended = new RecentSpans(16);
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(ended).build();
    Tracer server = provider.get("server");
    Tracer client = provider.get("client", "1.0");
    for (int i = 0; i < 4; i++) {
      Span span = server.spanBuilder("GET /r").setAttribute("i", i).startSpan();
      span.addEvent("e");
      span.end();
    }
    for (int i = 0; i < 3; i++) {
      client.spanBuilder("GET").startSpan().end();
    }
    provider.close();
    return ended.snapshot();
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    }
    return out.toByteArray();
  }
}
