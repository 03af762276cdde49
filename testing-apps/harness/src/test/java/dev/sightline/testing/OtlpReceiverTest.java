package dev.sightline.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OtlpReceiverTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String PARENT_ID = "b7ad6b7169203331";
  private static final String CHILD_ID = "00f067aa0ba902b7";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private OtlpReceiver receiver;

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void decodesAPlainExport() throws Exception {
    HttpResponse<byte[]> response = post("/v1/traces", request().toByteArray(), false);

    assertEquals(200, response.statusCode());
    assertEquals(0, response.body().length, "empty ExportTraceServiceResponse");
    assertEquals(1, receiver.exportRequests());
    assertParentAndChild(receiver.spans());
  }

  @Test
  void decodesAGzippedExport() throws Exception {
    HttpResponse<byte[]> response = post("/v1/traces", gzip(request().toByteArray()), true);

    assertEquals(200, response.statusCode());
    assertParentAndChild(receiver.spans());
  }

  private static void assertParentAndChild(List<ReceivedSpan> spans) {
    assertEquals(2, spans.size(), spans.toString());
    ReceivedSpan parent = spans.get(0);
    ReceivedSpan child = spans.get(1);

    assertEquals(TRACE_ID, parent.traceId());
    assertEquals(PARENT_ID, parent.spanId());
    assertEquals("", parent.parentSpanId());
    assertTrue(parent.isRoot());
    assertEquals("GET /hello", parent.name());
    assertEquals("SERVER", parent.kind());
    assertEquals(1_000L, parent.startNanos());
    assertEquals(5_000L, parent.endNanos());
    assertEquals("GET", parent.attr("http.request.method"));
    assertEquals(200L, parent.longAttr("http.response.status_code"));
    assertEquals(Boolean.TRUE, parent.attributes().get("sampled.test"));
    assertEquals(List.of("a", "b"), parent.attributes().get("tags"));
    assertEquals("UNSET", parent.statusCode());
    assertNull(parent.attr("absent"));
    assertNull(parent.longAttr("absent"));
    assertThrows(AssertionError.class, () -> parent.longAttr("http.request.method"));
    assertEquals("shop", parent.resource().get("service.name"));
    assertEquals("shop", parent.resourceAttr("service.name"));
    assertEquals("sightline.test", parent.scopeName());

    assertEquals(TRACE_ID, child.traceId());
    assertEquals(PARENT_ID, child.parentSpanId());
    assertFalse(child.isRoot());
    assertEquals("CLIENT", child.kind());
    assertEquals("ERROR", child.statusCode());
    assertEquals("downstream failed", child.statusMessage());
    assertEquals(1, child.events().size());
    ReceivedEvent event = child.events().get(0);
    assertEquals("exception", event.name());
    assertEquals("java.io.IOException", event.attr("exception.type"));
    assertEquals(1, child.links().size());
    assertEquals(PARENT_ID, child.links().get(0).spanId());

    String text = child.toString();
    assertTrue(text.contains("CLIENT") && text.contains("GET") && text.contains(CHILD_ID), text);
  }

  @Test
  void failureSwitchAnswersEveryRequestAndDropsSpans() throws Exception {
    receiver.respondWith(503);
    assertEquals(503, post("/v1/traces", request().toByteArray(), false).statusCode());
    assertEquals(503, post("/v1/metrics", new byte[0], false).statusCode());
    assertEquals(1, receiver.exportRequests());
    assertTrue(receiver.spans().isEmpty());

    receiver.respondWith(200);
    assertEquals(200, post("/v1/traces", request().toByteArray(), false).statusCode());
    assertEquals(2, receiver.spans().size());
  }

  @Test
  void metricsAndLogsAreAcknowledged() throws Exception {
    assertEquals(200, post("/v1/metrics", new byte[0], false).statusCode());
    assertEquals(200, post("/v1/logs", new byte[0], false).statusCode());
    assertEquals(1, receiver.requestCount(OtlpReceiver.METRICS_PATH));
    assertEquals(0, receiver.exportRequests());
  }

  @Test
  void rejectsWhatItCannotDecodeAndRecordsWhy() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/traces"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}"))
        .build();
    assertEquals(415, CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    assertEquals(1, receiver.problems().size(), receiver.problems().toString());

    HttpResponse<byte[]> corrupt = post("/v1/traces", new byte[] {1, 2, 3}, true);
    assertEquals(400, corrupt.statusCode());
    assertEquals(2, receiver.problems().size(), receiver.problems().toString());
  }

  @Test
  void delaysResponses() throws Exception {
    receiver.delayResponses(Duration.ofMillis(300));
    long start = System.nanoTime();
    post("/v1/traces", request().toByteArray(), false);
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
  }

  @Test
  void awaitsAndGroupsByTrace() throws Exception {
    post("/v1/traces", request().toByteArray(), false);

    ReceivedSpan child = receiver.awaitSpan(s -> s.kind().equals("CLIENT"), Duration.ofSeconds(2));
    assertEquals(CHILD_ID, child.spanId());
    List<ReceivedSpan> trace = receiver.trace(TRACE_ID);
    assertEquals(List.of(PARENT_ID, CHILD_ID), trace.stream().map(ReceivedSpan::spanId).toList());
    assertEquals(2, receiver.awaitSpans(all -> all.size() == 2, Duration.ofSeconds(1)).size());

    AssertionError timeout = assertThrows(AssertionError.class,
        () -> receiver.awaitSpan(s -> s.name().equals("nope"), Duration.ofMillis(100)));
    assertTrue(timeout.getMessage().contains("GET /hello"), timeout.getMessage());

    receiver.clear();
    assertTrue(receiver.spans().isEmpty());
    assertEquals(0, receiver.exportRequests());
  }

  private HttpResponse<byte[]> post(String path, byte[] body, boolean gzipped) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(receiver.endpoint() + path))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzipped) {
      request.header("Content-Encoding", "gzip");
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  private static ExportTraceServiceRequest request() {
    Span parent = Span.newBuilder()
        .setTraceId(id(TRACE_ID))
        .setSpanId(id(PARENT_ID))
        .setName("GET /hello")
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(1_000)
        .setEndTimeUnixNano(5_000)
        .addAttributes(attribute("http.request.method", string("GET")))
        .addAttributes(attribute("http.response.status_code",
            AnyValue.newBuilder().setIntValue(200).build()))
        .addAttributes(attribute("sampled.test", AnyValue.newBuilder().setBoolValue(true).build()))
        .addAttributes(attribute("tags", AnyValue.newBuilder()
            .setArrayValue(ArrayValue.newBuilder().addValues(string("a")).addValues(string("b")))
            .build()))
        .build();
    Span child = Span.newBuilder()
        .setTraceId(id(TRACE_ID))
        .setSpanId(id(CHILD_ID))
        .setParentSpanId(id(PARENT_ID))
        .setName("GET")
        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
        .setStartTimeUnixNano(2_000)
        .setEndTimeUnixNano(4_000)
        .setStatus(Status.newBuilder()
            .setCode(Status.StatusCode.STATUS_CODE_ERROR)
            .setMessage("downstream failed"))
        .addEvents(Span.Event.newBuilder()
            .setName("exception")
            .setTimeUnixNano(3_000)
            .addAttributes(attribute("exception.type", string("java.io.IOException"))))
        .addLinks(Span.Link.newBuilder().setTraceId(id(TRACE_ID)).setSpanId(id(PARENT_ID)))
        .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder()
                .addAttributes(attribute("service.name", string("shop"))))
            .addScopeSpans(ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("sightline.test"))
                .addSpans(parent)
                .addSpans(child)))
        .build();
  }

  private static ByteString id(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  private static AnyValue string(String value) {
    return AnyValue.newBuilder().setStringValue(value).build();
  }

  private static KeyValue attribute(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }
}
