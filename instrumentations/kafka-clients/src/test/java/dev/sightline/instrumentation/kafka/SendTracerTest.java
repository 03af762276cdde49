package dev.sightline.instrumentation.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.agent.telemetry.RecentSpans;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.agent.telemetry.TracingSetup;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SendTracerTest {

  private static final ContextKey<String> REQUEST = ContextKey.named("request");
  private static TracingSetup.Tracing tracing;
  private static Telemetry telemetry;

  @BeforeAll
  static void telemetry() {
    System.setProperty("otel.traces.exporter", "none");
    RecentSpans recentSpans = new RecentSpans(16);
    tracing = TracingSetup.build(recentSpans, "send-tracer-test");
    telemetry = new Telemetry("test", tracing, recentSpans);
  }

  @AfterAll
  static void close() {
    tracing.sdk.close();
    System.clearProperty("otel.traces.exporter");
  }

  /**
   * Beyond the pending-send limit the span ends when send returns, and the broker's answer,
   * which comes about a second later under load, finds what it needs in the hand-off record: the
   * callback runs under the span's ids and the context the send ran in.
   */
  @Test
  void aSendBeyondTheLimitEndsAtReturnAndItsCallbackRunsUnderItsIds() {
    SendTracer tracer = new SendTracer(
        telemetry, telemetry.tracer("kafka-clients"), new KafkaMetrics(telemetry.messagingMetrics()), new PendingSends(0));
    ProducerRecord<String, String> record = new ProducerRecord<>("orders", "key", "value");
    SendTracer.Send send;
    try (Scope ignored = Context.root().with(REQUEST, "POST /orders").makeCurrent()) {
      send = tracer.start(record, new ClientInfo("producer-1", null, "localhost:9092", "localhost", 9092));
    }
    SendTracer.Completion completion = send.completion();
    assertFalse(completion == send, "beyond the limit the answer completes a hand-off record, not the span");
    send.returned(null);
    ReadableSpan span = (ReadableSpan) send.span();
    assertTrue(span.hasEnded(), "the span ends when send returns");

    SpanContext ids = span.getSpanContext();
    String traceparent = new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
    assertEquals("00-" + ids.getTraceId() + "-" + ids.getSpanId() + "-" + ids.getTraceFlags().asHex(), traceparent);

    Context callback = completion.context();
    assertEquals(ids, Span.fromContext(callback).getSpanContext());
    assertFalse(Span.fromContext(callback).isRecording(), "only the ids: the ended span's data is not held");
    assertSame("POST /orders", callback.get(REQUEST), "the rest of the send's context comes along");

    completion.end(null, null);
    completion.end(null, new IllegalStateException("a second answer"));
    assertEquals(ids, Span.fromContext(completion.context()).getSpanContext());
  }
}
