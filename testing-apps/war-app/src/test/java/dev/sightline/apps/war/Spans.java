package dev.sightline.apps.war;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Trace helpers shared by the war-app tests. */
final class Spans {

  static final Duration PATIENCE = Duration.ofSeconds(45);
  /** Time for spans that should not exist to arrive if they did (export delay is 200 ms). */
  static final long SETTLE_MILLIS = 1_500;

  private Spans() {}

  /** A W3C trace id the test makes, so that it finds the order's trace even with spans missing. */
  static String newTraceId() {
    return randomHex(16);
  }

  static String newSpanId() {
    return randomHex(8);
  }

  static String traceparent(String traceId, String spanId) {
    return "00-" + traceId + "-" + spanId + "-01";
  }

  /**
   * Waits until the trace holds a span for each of {@code names} (kind and name, e.g.
   * "PRODUCER send t"), then a moment more for stragglers; fails naming what is missing.
   */
  static List<ReceivedSpan> awaitTrace(OtlpReceiver receiver, String traceId, List<String> names,
      Supplier<String> context) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    List<ReceivedSpan> trace = receiver.trace(traceId);
    List<String> missing = missing(trace, names);
    while (!missing.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("trace " + traceId + " lacks " + missing + " within " + PATIENCE
            + "; it has " + trace.size() + " span(s):\n" + describe(trace)
            + "\nall spans received: " + receiver.spans().size() + "\n" + context.get());
      }
      StandaloneContainer.sleep(100);
      trace = receiver.trace(traceId);
      missing = missing(trace, names);
    }
    StandaloneContainer.sleep(SETTLE_MILLIS);
    return receiver.trace(traceId);
  }

  private static List<String> missing(List<ReceivedSpan> trace, List<String> names) {
    List<String> missing = new ArrayList<>(names);
    trace.forEach(span -> missing.remove(span.kind() + " " + span.name()));
    return missing;
  }

  static ReceivedSpan single(List<ReceivedSpan> trace, String kind, String name) {
    return single(trace, s -> s.kind().equals(kind) && s.name().equals(name), kind + " '" + name + "'");
  }

  static ReceivedSpan single(List<ReceivedSpan> trace, Predicate<ReceivedSpan> condition, String what) {
    List<ReceivedSpan> matches = trace.stream().filter(condition).toList();
    assertEquals(1, matches.size(), "exactly one " + what + " in\n" + describe(trace));
    return matches.get(0);
  }

  static void assertParent(ReceivedSpan parent, ReceivedSpan child) {
    assertEquals(parent.spanId(), child.parentSpanId(),
        child.kind() + " '" + child.name() + "' is a child of " + parent.kind() + " '" + parent.name() + "'");
    assertEquals(parent.traceId(), child.traceId());
  }

  static String describe(List<ReceivedSpan> spans) {
    return spans.stream().map(s -> "  " + s + " scope=" + s.scopeName()).collect(Collectors.joining("\n"));
  }

  static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    random[0] |= 1; // never all zeros
    return HexFormat.of().formatHex(random);
  }

  /** A short run id for destination names: letters and digits that never look like a generated id. */
  static String runId() {
    return "t" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36), 36);
  }
}
