package dev.sightline.agent.telemetry;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last N finished spans, kept in a ring for /traces so a user with no collector still
 * sees traces. Holds the SDK's span objects and converts them only when someone asks. Every
 * span end on every request thread passes here, so it takes no lock: a slot is claimed with one
 * atomic increment, and a snapshot taken while spans end may miss the newest few.
 */
public final class RecentSpans implements SpanProcessor {

  private final AtomicReferenceArray<ReadableSpan> ring;
  private final AtomicLong next = new AtomicLong();

  public RecentSpans(int capacity) {
    this.ring = new AtomicReferenceArray<>(Math.max(capacity, 0));
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    int length = ring.length();
    if (length == 0) {
      return;
    }
    ring.lazySet((int) (next.getAndIncrement() % length), span);
  }

  @Override
  public boolean isEndRequired() {
    return ring.length() > 0;
  }

  /** Oldest first. */
  public List<ReadableSpan> snapshot() {
    int length = ring.length();
    long end = next.get();
    List<ReadableSpan> spans = new ArrayList<>(length);
    // a slot being refilled while this runs may hold a span from the lap before: kept once
    Set<ReadableSpan> seen = Collections.newSetFromMap(new IdentityHashMap<>(length * 2));
    for (long i = Math.max(0, end - length); i < end; i++) {
      ReadableSpan span = ring.get((int) (i % length));
      if (span != null && seen.add(span)) {
        spans.add(span);
      }
    }
    return spans;
  }

  public int capacity() {
    return ring.length();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
