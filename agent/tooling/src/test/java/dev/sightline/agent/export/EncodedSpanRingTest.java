package dev.sightline.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import dev.sightline.agent.config.LogCapture;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class EncodedSpanRingTest {

  /** Spans named span-0, span-1, ... whose "payload" attribute is as long as asked. */
  private static List<SpanData> spans(int... payloadLengths) {
    List<SpanData> ended = new ArrayList<>();
    try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(new EndedSpans(ended)).build()) {
      Tracer tracer = provider.get("test");
      for (int i = 0; i < payloadLengths.length; i++) {
        tracer.spanBuilder("span-" + i).setAttribute("payload", "x".repeat(payloadLengths[i])).startSpan().end();
      }
    }
    return ended;
  }

  private static List<String> names(List<SpanData> spans) {
    List<String> names = new ArrayList<>();
    for (SpanData span : spans) {
      names.add(span.getName());
    }
    return names;
  }

  @Test
  void keepsTheLastSpansAsTheyWereOldestFirst() {
    EncodedSpanRing ring = new EncodedSpanRing(3);
    List<SpanData> spans = spans(10, 20, 30, 40, 50);
    for (SpanData span : spans) {
      assertTrue(ring.add(span));
    }
    List<SpanData> kept = ring.spans();
    assertEquals(List.of("span-2", "span-3", "span-4"), names(kept));
    for (int i = 0; i < 3; i++) {
      SpanData original = spans.get(i + 2);
      assertEquals(original.getSpanContext(), kept.get(i).getSpanContext());
      assertEquals(original.getAttributes().asMap(), kept.get(i).getAttributes().asMap());
      assertEquals(original.getResource(), kept.get(i).getResource());
      assertEquals(original.getInstrumentationScopeInfo(), kept.get(i).getInstrumentationScopeInfo());
    }
  }

  @Test
  void aLargeSpanTakesTheRoomOfSeveralOlderOnesAndWhatIsLeftIsWhole() {
    EncodedSpanRing ring = new EncodedSpanRing(16, 1_000);
    for (SpanData span : spans(50, 50, 50, 50, 50, 50, 50, 50, 600)) {
      ring.add(span);
    }
    List<String> kept = names(ring.spans());
    assertEquals("span-8", kept.get(kept.size() - 1));
    assertTrue(kept.size() < 9, "the large span overwrote older ones: " + kept);
    for (int i = 1; i < kept.size(); i++) {
      int before = Integer.parseInt(kept.get(i - 1).substring(5));
      assertEquals(before + 1, Integer.parseInt(kept.get(i).substring(5)), "the newest ones, in order: " + kept);
    }
  }

  @Test
  void spansOfEverySizeGoRoundTheBufferManyTimesAndComeBackWhole() {
    EncodedSpanRing ring = new EncodedSpanRing(8, 2_048);
    int[] lengths = new int[500];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = (i * 37) % 400;
    }
    List<SpanData> spans = spans(lengths);
    for (int i = 0; i < spans.size(); i++) {
      ring.add(spans.get(i));
      List<SpanData> kept = ring.spans();
      assertFalse(kept.isEmpty());
      SpanData newest = kept.get(kept.size() - 1);
      assertEquals("span-" + i, newest.getName());
      for (SpanData span : kept) {
        int index = Integer.parseInt(span.getName().substring(5));
        assertEquals(spans.get(index).getAttributes().asMap(), span.getAttributes().asMap());
      }
    }
  }

  @Test
  void aSpanLargerThanTheWholeBufferIsLeftOut() {
    EncodedSpanRing ring = new EncodedSpanRing(4, 256);
    List<SpanData> spans = spans(10, 1_000, 10);
    assertTrue(ring.add(spans.get(0)));
    assertFalse(ring.add(spans.get(1)));
    assertTrue(ring.add(spans.get(2)));
    assertEquals(List.of("span-0", "span-2"), names(ring.spans()));
  }

  @Test
  void aRingOfNoCapacityKeepsNothing() {
    EncodedSpanRing ring = new EncodedSpanRing(0);
    assertFalse(ring.add(spans(1).get(0)));
    assertTrue(ring.spans().isEmpty());
  }

  @Test
  void withoutDirectMemoryTheRingIsOneHeapArray() {
    String log =
        LogCapture.stderr(
            () -> {
              EncodedSpanRing ring = new EncodedSpanRing(4, 2_048, size -> { throw new OutOfMemoryError("Cannot reserve 2048 bytes of direct buffer memory"); }, ByteBuffer::allocate);
              assertTrue(ring.add(spans(10).get(0)));
              assertEquals(List.of("span-0"), names(ring.spans()));
            });
    assertTrue(log.contains("kept in the Java heap"), log);
  }

  @Test
  void aRingNoMemoryHasRoomForKeepsNothingAndSaysSo() {
    IntFunction<ByteBuffer> refused = size -> { throw new OutOfMemoryError("Java heap space"); };
    String log =
        LogCapture.stderr(
            () -> {
              EncodedSpanRing ring = new EncodedSpanRing(1_000_000, 512_000_000L, refused, refused);
              assertEquals(0, ring.capacity());
              assertFalse(ring.add(spans(10).get(0)));
              assertTrue(ring.spans().isEmpty());
            });
    assertTrue(log.contains("/traces keeps no spans"), log);
    assertTrue(log.contains("lower sightline.traces.buffer"), log);
  }
}
