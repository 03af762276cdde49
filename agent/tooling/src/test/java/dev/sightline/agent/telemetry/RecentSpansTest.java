package dev.sightline.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentSpansTest {

  @Test
  void keepsTheLastSpansOldestFirst() {
    RecentSpans recent = new RecentSpans(3);
    try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(recent).build()) {
      Tracer tracer = provider.get("test");
      for (int i = 0; i < 5; i++) {
        tracer.spanBuilder("span-" + i).startSpan().end();
      }
      List<ReadableSpan> spans = recent.snapshot();
      assertEquals(3, spans.size());
      assertEquals("span-2", spans.get(0).getName());
      assertEquals("span-4", spans.get(2).getName());
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
