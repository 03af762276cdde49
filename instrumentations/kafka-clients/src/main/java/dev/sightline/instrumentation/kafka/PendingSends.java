package dev.sightline.instrumentation.kafka;

import dev.sightline.bootstrap.AgentLog;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many send spans may wait for the broker's answer at once. An open span holds about a
 * kilobyte (the SDK's span and attribute table, its context, the callback) until the answer, and
 * a producer faster than its broker keeps its whole buffer in flight: Kafka's
 * ProducerPerformance with 100-byte records had 189,000 sends waiting, 190 MB of spans in a 512 MB
 * heap, which ended in full collections. Beyond the limit a send's span ends when send returns
 * (under backpressure send itself blocks, so the wait still shows), and the answer counts in
 * metrics and health only.
 */
final class PendingSends {

  static final String SETTING = "sightline.kafka.pending-send-spans";
  static final int DEFAULT_LIMIT = 10_000;

  private final int limit;
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicBoolean said = new AtomicBoolean();

  PendingSends(int limit) {
    this.limit = limit;
  }

  /** True if this send's span may wait for the answer; the caller then {@link #release}s it once. */
  boolean tryHold() {
    if (held.get() < limit) {
      if (held.incrementAndGet() <= limit) {
        return true;
      }
      held.decrementAndGet();
    }
    if (!said.get() && said.compareAndSet(false, true)) {
      AgentLog.warn(limit + " Kafka sends await the broker's answer at once: beyond that, a send's span ends when send"
          + " returns instead of at the answer, which still counts in messaging metrics and health (" + SETTING + ")");
    }
    return false;
  }

  void release() {
    held.decrementAndGet();
  }
}
