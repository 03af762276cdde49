package dev.sightline.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentSpansTest {

  @Test
  void aSpanThatCannotBeReadIsLeftOutAndTheSpanEndNeverThrows() {
    RecentSpans recent = new RecentSpans(8);
    // another ring as the provider's processor, so its spans record; this one is handed spans directly
    try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(new RecentSpans(1)).build()) {
      Tracer tracer = provider.get("test");
      Span broken = tracer.spanBuilder("broken").startSpan();
      broken.end();
      recent.onEnd(new Unreadable((ReadableSpan) broken));
      Span fine = tracer.spanBuilder("fine").startSpan();
      fine.end();
      recent.onEnd((ReadableSpan) fine);
      List<SpanData> spans = recent.snapshot();
      assertEquals(1, spans.size());
      assertEquals("fine", spans.get(0).getName());
    }
  }

  /** A span whose data cannot be read: what an SDK fault, or a span of a newer shape, would look like. */
  private static final class Unreadable implements ReadableSpan {
    private final ReadableSpan span;

    Unreadable(ReadableSpan span) {
      this.span = span;
    }

    @Override
    public SpanData toSpanData() {
      throw new IllegalStateException("unreadable span");
    }

    @Override
    public SpanContext getSpanContext() {
      return span.getSpanContext();
    }

    @Override
    public SpanContext getParentSpanContext() {
      return span.getParentSpanContext();
    }

    @Override
    public String getName() {
      return span.getName();
    }

    @Override
    @SuppressWarnings("deprecation")
    public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
      return span.getInstrumentationLibraryInfo();
    }

    @Override
    public boolean hasEnded() {
      return span.hasEnded();
    }

    @Override
    public long getLatencyNanos() {
      return span.getLatencyNanos();
    }

    @Override
    public SpanKind getKind() {
      return span.getKind();
    }

    @Override
    public <T> T getAttribute(AttributeKey<T> key) {
      return span.getAttribute(key);
    }
  }

  @Test
  void keepsTheLastSpansOldestFirst() {
    RecentSpans recent = new RecentSpans(3);
    try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(recent).build()) {
      Tracer tracer = provider.get("test");
      for (int i = 0; i < 5; i++) {
        tracer.spanBuilder("span-" + i).startSpan().end();
      }
      List<SpanData> spans = recent.snapshot();
      assertEquals(3, spans.size());
      assertEquals("span-2", spans.get(0).getName());
      assertEquals("span-4", spans.get(2).getName());
    }
  }

  @Test
  void underLoadWholeTracesComeInUpToTheBudgetOfASecond() {
    RecentSpans recent = new RecentSpans(2048);
    assertEquals(256, recent.perSecond());
    try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(recent).build()) {
      Tracer tracer = provider.get("test");
      // A burst far past the budget, two spans per trace: the child ends first, as it does.
      List<String> admittedRoots = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        Span root = tracer.spanBuilder("root-" + i).startSpan();
        tracer.spanBuilder("child-" + i).setParent(Context.root().with(root)).startSpan().end();
        root.end();
      }
      List<SpanData> spans = recent.snapshot();
      Map<String, List<String>> byTrace = new HashMap<>();
      for (SpanData span : spans) {
        byTrace.computeIfAbsent(span.getSpanContext().getTraceId(), id -> new ArrayList<>()).add(span.getName());
        if (span.getName().startsWith("root-")) {
          admittedRoots.add(span.getName());
        }
      }
      assertTrue(spans.size() <= 2 * 300, "at most about a second's budget of new traces, got " + spans.size());
      assertTrue(admittedRoots.size() >= 100, "the budget is used, got " + admittedRoots.size());
      for (Map.Entry<String, List<String>> trace : byTrace.entrySet()) {
        assertEquals(2, trace.getValue().size(), "a trace comes in whole: " + trace.getValue());
      }
    }
  }

  @Test
  void theBudgetIsASecondsAndComesBack() throws InterruptedException {
    RecentSpans recent = new RecentSpans(100);
    assertEquals(64, recent.perSecond());
    try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(recent).build()) {
      Tracer tracer = provider.get("test");
      for (int i = 0; i < 200; i++) {
        tracer.spanBuilder("first-" + i).startSpan().end();
      }
      assertEquals(64, recent.snapshot().size());
      Thread.sleep(1_100);
      tracer.spanBuilder("later").startSpan().end();
      List<SpanData> spans = recent.snapshot();
      assertEquals("later", spans.get(spans.size() - 1).getName());
    }
  }

  @Test
  void zeroCapacityKeepsNothing() {
    RecentSpans recent = new RecentSpans(0);
    try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(recent).build()) {
      provider.get("test").spanBuilder("x").startSpan().end();
      assertEquals(0, recent.snapshot().size());
    }
  }
}
