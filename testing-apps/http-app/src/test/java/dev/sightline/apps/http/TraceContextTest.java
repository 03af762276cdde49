package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.PATIENCE;
import static dev.sightline.apps.http.RunningApp.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Incoming W3C trace context: honoured when valid, ignored (new trace) when malformed. */
class TraceContextTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN_ID = "b7ad6b7169203331";
  private static final String ZERO_TRACE_ID = "0".repeat(32);

  private static OtlpReceiver receiver;
  private static RunningApp app;

  @BeforeAll
  static void startApp() {
    receiver = OtlpReceiver.start();
    app = RunningApp.start(app("context", receiver));
  }

  @AfterAll
  static void stopApp() {
    if (app != null) {
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void malformedTraceparentStartsANewTrace() {
    Map<String, String> malformed = new LinkedHashMap<>();
    malformed.put("garbage", "not-a-traceparent");
    malformed.put("version-ff", "ff-" + TRACE_ID + "-" + SPAN_ID + "-01");
    malformed.put("zero-trace-id", "00-" + ZERO_TRACE_ID + "-" + SPAN_ID + "-01");
    malformed.put("zero-span-id", "00-" + TRACE_ID + "-0000000000000000-01");
    malformed.put("too-short", "00-" + TRACE_ID + "-b7ad6b71");
    malformed.put("bad-hex", "00-" + TRACE_ID.replace('a', 'x') + "-" + SPAN_ID + "-01");
    malformed.put("empty", "");

    malformed.forEach((name, traceparent) ->
        assertEquals("hello", app.expect(200, "/hello?case=" + name, "traceparent", traceparent).body()));

    for (String name : malformed.keySet()) {
      ReceivedSpan span = receiver.awaitSpan(s -> ("case=" + name).equals(s.attr("url.query")), PATIENCE);
      assertTrue(span.isRoot(), () -> name + ": a new root span, not " + span);
      assertTrue(span.traceId().matches("[0-9a-f]{32}"), () -> name + ": " + span);
      assertNotEquals(ZERO_TRACE_ID, span.traceId(), name);
      assertNotEquals(TRACE_ID, span.traceId(), () -> name + ": the malformed header's trace id was used");
      assertTrue(span.spanId().matches("[0-9a-f]{16}") && !span.spanId().equals("0".repeat(16)),
          () -> name + ": " + span);
    }
    long distinct = receiver.spans().stream()
        .filter(s -> malformed.keySet().stream().anyMatch(name -> ("case=" + name).equals(s.attr("url.query"))))
        .map(ReceivedSpan::traceId).distinct().count();
    assertEquals(malformed.size(), distinct, "each request got its own fresh trace");
  }

  @Test
  void validTraceparentIsHonouredWithTracestateAndBaggage() {
    app.expect(200, "/hello?case=valid", "traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01");
    String otherTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    app.expect(200, "/hello?case=with-state",
        "traceparent", "00-" + otherTrace + "-00f067aa0ba902b7-01",
        "tracestate", "vendor1=opaque,vendor2=x:y",
        "baggage", "user=alice,tenant=t%201;prop=1");
    app.expect(200, "/hello?case=bad-state",
        "traceparent", "00-" + otherTrace + "-00f067aa0ba902b8-01",
        "tracestate", "=====,,,",
        "baggage", ";;;===");

    ReceivedSpan valid = receiver.awaitSpan(s -> "case=valid".equals(s.attr("url.query")), PATIENCE);
    assertEquals(TRACE_ID, valid.traceId());
    assertEquals(SPAN_ID, valid.parentSpanId());
    assertEquals("SERVER", valid.kind());

    ReceivedSpan withState = receiver.awaitSpan(s -> "case=with-state".equals(s.attr("url.query")), PATIENCE);
    assertEquals(otherTrace, withState.traceId());
    assertEquals("00f067aa0ba902b7", withState.parentSpanId());

    ReceivedSpan badState = receiver.awaitSpan(s -> "case=bad-state".equals(s.attr("url.query")), PATIENCE);
    assertEquals(otherTrace, badState.traceId(), "a bad tracestate does not invalidate the traceparent");
    assertEquals("00f067aa0ba902b8", badState.parentSpanId());
  }

  @Test
  void unsampledParentIsRespected() {
    // parentbased_always_on (the default): flags 00 means the caller decided not to record.
    app.expect(200, "/hello?case=unsampled", "traceparent", "00-" + TRACE_ID.replace('0', '1') + "-" + SPAN_ID + "-00");
    app.expect(200, "/hello?case=after-unsampled");
    receiver.awaitSpan(s -> "case=after-unsampled".equals(s.attr("url.query")), PATIENCE);
    RunningApp.sleep(java.time.Duration.ofMillis(500));
    List<ReceivedSpan> unsampled = receiver.spans().stream()
        .filter(s -> "case=unsampled".equals(s.attr("url.query"))).toList();
    assertEquals(List.of(), unsampled, "an unsampled parent yields no exported span");
  }
}
