package dev.sightline.agent.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.agent.telemetry.RecentSpans;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TracesJsonTest {

  private static final String REMOTE_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String REMOTE_PARENT = "00f067aa0ba902b7";

  @Test
  void aSummaryLineNamesTheRootItsSizeErrorsAndWhereItsParentIs() {
    RecentSpans recent = new RecentSpans(2048);
    try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(recent).build()) {
      Tracer tracer = provider.get("test");
      // a local trace: root, a failing child
      Span root = tracer.spanBuilder("POST /orders").setSpanKind(SpanKind.SERVER)
          .setAttribute("http.route", "/orders").startSpan();
      Span child = tracer.spanBuilder("INSERT shop_orders").setSpanKind(SpanKind.CLIENT)
          .setParent(Context.root().with(root)).startSpan();
      child.setStatus(StatusCode.ERROR, "duplicate key");
      child.recordException(new IllegalStateException("duplicate key"));
      child.end();
      root.end();
      // a trace that came from another process
      SpanContext remote = SpanContext.createFromRemoteParent(REMOTE_TRACE, REMOTE_PARENT, TraceFlags.getSampled(), TraceState.getDefault());
      tracer.spanBuilder("GET /pricing").setSpanKind(SpanKind.SERVER)
          .setParent(Context.root().with(Span.wrap(remote))).startSpan().end();
      // a trace whose root has not ended: its child is here, its parent is not (yet)
      Span running = tracer.spanBuilder("process shop.orders").setSpanKind(SpanKind.CONSUMER).startSpan();
      tracer.spanBuilder("UPDATE shop_orders").setParent(Context.root().with(running)).startSpan().end();

      String summary = TracesJson.document(recent.snapshot(), "shop", 2048, null, true);
      assertTrue(summary.contains("\"spanCount\":4"), summary);
      String local = traceOf(summary, root.getSpanContext().getTraceId());
      assertTrue(local.contains("\"rootName\":\"POST /orders\""), local);
      assertTrue(local.contains("\"rootKind\":\"SERVER\""), local);
      assertTrue(local.contains("\"spanCount\":2"), local);
      assertTrue(local.contains("\"errorCount\":1"), local);
      assertTrue(local.contains("\"rootParent\":null"), local);
      assertTrue(local.contains("\"names\":[\"POST /orders\",\"/orders\",\"INSERT shop_orders\"]")
          || local.contains("\"names\":[\"POST /orders\",\"INSERT shop_orders\",\"/orders\"]"), local);
      assertTrue(traceOf(summary, REMOTE_TRACE).contains("\"rootParent\":\"remote\""), summary);
      String partial = traceOf(summary, running.getSpanContext().getTraceId());
      assertTrue(partial.contains("\"rootParent\":\"missing\"") && partial.contains("\"rootName\":\"UPDATE shop_orders\""), partial);
      running.end();

      String one = TracesJson.document(recent.snapshot(), "shop", 2048, REMOTE_TRACE, false);
      assertTrue(one.contains("\"parentSpanId\":\"" + REMOTE_PARENT + "\",\"parentRemote\":true"), one);
      assertEquals(1, count(one, "\"traceId\""), one);
      String failing = TracesJson.document(recent.snapshot(), "shop", 2048, root.getSpanContext().getTraceId(), false);
      assertTrue(failing.contains("\"statusMessage\":\"duplicate key\""), failing);
      assertTrue(failing.contains("\"name\":\"exception\",\"timeMicros\":"), failing);
      assertTrue(failing.contains("\"exception.stacktrace\":\"java.lang.IllegalStateException: duplicate key"), failing);
      assertTrue(failing.contains("\"startMicros\":"), failing);
    }
  }

  @Test
  void theNewestTraceComesFirstInTheSummary() {
    RecentSpans recent = new RecentSpans(16);
    try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(recent).build()) {
      Tracer tracer = provider.get("test");
      long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
      // the later trace ends first: order is by start, not by end
      Span early = tracer.spanBuilder("early").setStartTimestamp(now - 5_000_000, TimeUnit.NANOSECONDS).startSpan();
      tracer.spanBuilder("late").setStartTimestamp(now - 1_000_000, TimeUnit.NANOSECONDS).startSpan().end();
      early.end();
      String summary = TracesJson.document(recent.snapshot(), "svc", 16, null, true);
      assertTrue(summary.indexOf("\"rootName\":\"late\"") < summary.indexOf("\"rootName\":\"early\""), summary);
    }
  }

  @Test
  void aFullBufferOf2048SpansIsSummarisedQuickly() {
    RecentSpans recent = new RecentSpans(2048, 256);
    try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(recent).build()) {
      Tracer tracer = provider.get("test");
      for (int order = 0; order < 171; order++) {
        Span root = tracer.spanBuilder("POST /orders").setSpanKind(SpanKind.SERVER).startSpan();
        for (int i = 0; i < 11; i++) {
          tracer.spanBuilder("step " + i).setParent(Context.root().with(root))
              .setAllAttributes(Attributes.builder().put("db.query.text", "INSERT INTO shop_orders VALUES (?, ?, ?)")
                  .put("url.full", "http://127.0.0.1:8080/pricing?product=book").build())
              .startSpan().end();
        }
        root.end();
      }
      assertEquals(2048, recent.snapshot().size());
      long best = Long.MAX_VALUE;
      String summary = null;
      String full = null;
      for (int round = 0; round < 5; round++) {
        long started = System.nanoTime();
        summary = TracesJson.document(recent.snapshot(), "shop", 2048, null, true);
        full = TracesJson.document(recent.snapshot(), "shop", 2048, null, false);
        best = Math.min(best, System.nanoTime() - started);
      }
      assertTrue(TimeUnit.NANOSECONDS.toMillis(best) < 500, "summary and full document in " + best / 1_000_000 + " ms");
      assertTrue(summary.length() < full.length() / 4, summary.length() + " vs " + full.length());
    }
  }

  private static String traceOf(String document, String traceId) {
    int start = document.indexOf("{\"traceId\":\"" + traceId + "\"");
    assertTrue(start >= 0, traceId + " in " + document);
    return document.substring(start, document.indexOf('}', start) + 1);
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      count++;
    }
    return count;
  }
}
