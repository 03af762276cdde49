package dev.sightline.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.trace.IdGenerator;
import org.junit.jupiter.api.Test;

class SpanIdNumbersTest {

  @Test
  void randomIdsComeBackUnchanged() {
    IdGenerator ids = IdGenerator.random();
    for (int i = 0; i < 1000; i++) {
      SpanContext original = SpanContext.create(
          ids.generateTraceId(), ids.generateSpanId(), i % 2 == 0 ? TraceFlags.getSampled() : TraceFlags.getDefault(),
          TraceState.getDefault());
      assertEquals(original, roundTrip(original));
    }
  }

  @Test
  void extremesAndTraceStateComeBackUnchanged() {
    TraceState state = TraceState.builder().put("vendor", "value").build();
    for (String[] pair : new String[][] {
        {"00000000000000000000000000000001", "0000000000000001"},
        {"ffffffffffffffffffffffffffffffff", "ffffffffffffffff"},
        {"8000000000000000000000000000000f", "8000000000000000"}}) {
      SpanContext original = SpanContext.create(pair[0], pair[1], TraceFlags.getSampled(), state);
      assertEquals(original, roundTrip(original));
    }
  }

  @Test
  void theInvalidContextStaysInvalid() {
    SpanContext back = roundTrip(SpanContext.getInvalid());
    assertFalse(back.isValid());
    assertEquals(SpanContext.getInvalid().getTraceId(), back.getTraceId());
  }

  private static SpanContext roundTrip(SpanContext context) {
    return SpanIdNumbers.spanContext(
        SpanIdNumbers.traceIdHigh(context),
        SpanIdNumbers.traceIdLow(context),
        SpanIdNumbers.spanId(context),
        context.getTraceFlags().asByte(),
        context.getTraceState());
  }
}
