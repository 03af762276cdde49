package dev.sightline.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedPropagationTest {

  private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private final TextMapPropagator propagation = new BoundedPropagation(TextMapPropagator.composite(
      W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));

  @Test
  void aBaggageWithinTheLimitsIsTheSameString() {
    String header = "tenant=acme,user=ada;meta=1";
    assertSame(header, BoundedPropagation.baggage(header));
  }

  @Test
  void membersPastSixtyFourOrEightKilobytesAreDroppedWholeInBothDirections() {
    String many = IntStream.range(0, 1000).mapToObj(i -> "k" + i + "=v" + i).collect(Collectors.joining(","));
    Context extracted = propagation.extract(Context.root(), Map.of("baggage", many), GETTER);
    assertEquals(BoundedPropagation.MAX_BAGGAGE_MEMBERS, Baggage.fromContext(extracted).size());
    assertEquals("v63", Baggage.fromContext(extracted).getEntryValue("k63"));

    io.opentelemetry.api.baggage.BaggageBuilder builder = Baggage.builder();
    IntStream.range(0, 20).forEach(i -> builder.put("k" + i, "x".repeat(1000)));
    Baggage huge = builder.build();
    Map<String, String> sent = new HashMap<>();
    propagation.inject(Context.root().with(huge), sent, Map::put);
    assertTrue(sent.get("baggage").getBytes(StandardCharsets.UTF_8).length <= BoundedPropagation.MAX_BAGGAGE_BYTES, sent.get("baggage"));
    assertEquals(8, sent.get("baggage").split(",").length, "whole members only");
  }

  @Test
  void anOversizedTraceparentOrTracestateIsIgnoredAndANewTraceStarts() {
    Map<String, String> headers = Map.of(
        "traceparent", "00-" + "a".repeat(64 * 1024) + "-b7ad6b7169203331-01",
        "tracestate", "k=" + "v".repeat(64 * 1024));
    Context extracted = propagation.extract(Context.root(), headers, GETTER);
    assertFalse(Span.fromContext(extracted).getSpanContext().isValid());
    assertNull(BoundedPropagation.bounded("traceparent", "x".repeat(600)));
    String valid = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    assertTrue(Span.fromContext(propagation.extract(Context.root(), Map.of("traceparent", valid,
        "tracestate", "k=" + "v".repeat(64 * 1024)), GETTER)).getSpanContext().isValid(), "a good parent with a bad tracestate stays");
  }
}
