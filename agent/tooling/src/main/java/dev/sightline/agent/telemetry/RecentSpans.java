package dev.sightline.agent.telemetry;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.List;

/**
 * The last N finished spans, kept in a ring for /traces so a user with no collector still
 * sees traces. Holds the SDK's span objects and converts them only when someone asks.
 */
public final class RecentSpans implements SpanProcessor {

  private final ReadableSpan[] ring;
  private long next;

  public RecentSpans(int capacity) {
    this.ring = new ReadableSpan[Math.max(capacity, 0)];
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (ring.length == 0) {
      return;
    }
    synchronized (this) {
      ring[(int) (next++ % ring.length)] = span;
    }
  }

  @Override
  public boolean isEndRequired() {
    return ring.length > 0;
  }

  /** Oldest first. */
  public synchronized List<ReadableSpan> snapshot() {
    List<ReadableSpan> spans = new ArrayList<>(ring.length);
    long first = Math.max(0, next - ring.length);
    for (long i = first; i < next; i++) {
      spans.add(ring[(int) (i % ring.length)]);
    }
    return spans;
  }

  public int capacity() {
    return ring.length;
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
