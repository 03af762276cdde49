package dev.sightline.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's encoder and the SDK's marshaler must say the same thing, field for field. */
class OtlpTraceEncoderTest {

  @Test
  void encodesEveryKindOfSpanAsTheSdkDoes() throws Exception {
    List<SpanData> spans = spans();
    ExportTraceServiceRequest ours = ExportTraceServiceRequest.parseFrom(new OtlpTraceEncoder().encode(spans));
    ByteArrayOutputStream sdk = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(spans).writeBinaryTo(sdk);
    ExportTraceServiceRequest theirs = ExportTraceServiceRequest.parseFrom(sdk.toByteArray());
    assertEquals(normalized(theirs), normalized(ours));
    assertEquals(spans.size(), ours.getResourceSpansList().stream()
        .flatMap(r -> r.getScopeSpansList().stream()).mapToInt(ScopeSpans::getSpansCount).sum());
  }

  @Test
  void oneEncoderServesBatchAfterBatchAndGrowsForLargeOnes() throws Exception {
    OtlpTraceEncoder encoder = new OtlpTraceEncoder();
    List<SpanData> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.addAll(spans());
    }
    for (List<SpanData> batch : List.of(spans(), many, spans())) {
      ByteArrayOutputStream sdk = new ByteArrayOutputStream();
      TraceRequestMarshaler.create(batch).writeBinaryTo(sdk);
      assertEquals(normalized(ExportTraceServiceRequest.parseFrom(sdk.toByteArray())),
          normalized(ExportTraceServiceRequest.parseFrom(encoder.encode(batch))));
    }
  }

  @Test
  void anEmptyBatchIsAnEmptyRequest() throws Exception {
    assertEquals(0, new OtlpTraceEncoder().encode(List.of()).length);
  }

  /**
   * Every span with its resource and scope, sorted: how spans are grouped and ordered is free
   * (the SDK groups by object identity, the agent's encoder merges equal resources and scopes).
   */
  private static List<String> normalized(ExportTraceServiceRequest request) {
    List<String> spans = new ArrayList<>();
    for (ResourceSpans resource : request.getResourceSpansList()) {
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        scope.getSpansList().forEach(span -> spans.add(resource.getResource() + "|" + resource.getSchemaUrl() + "|"
            + scope.getScope() + "|" + scope.getSchemaUrl() + "|" + span));
      }
    }
    spans.sort(Comparator.naturalOrder());
    return spans;
  }

  static List<SpanData> spans() {
    List<SpanData> ended = new ArrayList<>();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "encoder-test",
            AttributeKey.longKey("process.pid"), 42L), "https://opentelemetry.io/schemas/1.24.0"))
        .setSpanLimits(SpanLimits.builder().setMaxNumberOfAttributes(14).setMaxNumberOfEvents(3).setMaxNumberOfLinks(2).build())
        .addSpanProcessor(new EndedSpans(ended))
        .build();
    Tracer plain = provider.get("dev.sightline.jdk-http-server");
    Tracer versioned = provider.tracerBuilder("dev.sightline.jdbc").setInstrumentationVersion("1.2.3")
        .setSchemaUrl("https://opentelemetry.io/schemas/1.21.0").build();

    SpanContext remote = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
        TraceFlags.getSampled(), TraceState.builder().put("vendor", "value").put("other", "x=1").build());
    Span server = plain.spanBuilder("GET /orders/{id}").setSpanKind(SpanKind.SERVER)
        .setParent(Context.root().with(Span.wrap(remote)))
        .setAttribute("http.request.method", "GET")
        .setAttribute("url.path", "/orders/ü€😀")
        .setAttribute("server.port", 8080L)
        .setAttribute("empty", "")
        .setAttribute("cyrillic", "Привет") // low bytes all below 0x80
        .setAttribute("cjk", "注文")
        .setAttribute(AttributeKey.booleanKey("flag"), true)
        .setAttribute(AttributeKey.doubleKey("ratio"), 0.25)
        .setAttribute(AttributeKey.longKey("negative"), -7L)
        .setAttribute(AttributeKey.stringArrayKey("names"), Arrays.asList("a", "", "ç"))
        .setAttribute(AttributeKey.longArrayKey("numbers"), Arrays.asList(1L, -2L, 300000000000L))
        .setAttribute(AttributeKey.booleanArrayKey("flags"), Arrays.asList(true, false))
        .setAttribute(AttributeKey.doubleArrayKey("doubles"), Arrays.asList(1.5, -0.0))
        .startSpan();
    for (int i = 0; i < 4; i++) {
      server.setAttribute("extra." + i, i); // past the limit of 14: dropped and counted
    }
    server.addEvent("started", Attributes.of(AttributeKey.stringKey("phase"), "one"));
    server.recordException(new IllegalStateException("boom\nwith two lines"));
    server.addEvent("plain");
    server.addEvent("one too many");
    server.setStatus(StatusCode.ERROR, "it failed: ü");
    try (io.opentelemetry.context.Scope scope = server.makeCurrent()) {
      Span client = versioned.spanBuilder("SELECT test.orders").setSpanKind(SpanKind.CLIENT)
          .addLink(remote, Attributes.of(AttributeKey.stringKey("link.kind"), "batch"))
          .addLink(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getDefault(), TraceState.getDefault()))
          .addLink(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203332", TraceFlags.getDefault(), TraceState.getDefault()))
          .setAttribute("db.system.name", "postgresql")
          .startSpan();
      client.setStatus(StatusCode.OK);
      client.end();
    }
    server.end();
    plain.spanBuilder("").setSpanKind(SpanKind.INTERNAL).setNoParent().startSpan().end();
    for (SpanKind kind : SpanKind.values()) {
      plain.spanBuilder("kind " + kind).setSpanKind(kind).startSpan().end();
    }
    provider.close();
    return ended;
  }
}
