package dev.sightline.agent.telemetry;

import dev.sightline.agent.export.EncodedSpanRing;
import dev.sightline.bootstrap.AgentLog;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The last N finished spans, kept for /traces so a user with no collector still sees traces.
 * Every span end on every request thread passes here, so the choice of what to keep takes no
 * lock; only a kept span is encoded and stored, under the {@link EncodedSpanRing}'s lock. The
 * budget below bounds the new traces a second, and with them the spans that come in.
 *
 * <p>Under load only whole traces of at most {@link #perSecond()} new spans a second come in
 * (256 for the default 2,048 slots), so the ring covers the last seconds rather than a fraction of
 * one. Spans kept that long outlive young collections, and G1 copies a survivor at each one until
 * it is tenured, about fifteen collections later; kept as SDK span objects they were most of what
 * each young GC copied on http-app's {@code /hello} (1.8 MB, against 0.03 MB without an agent). The
 * ring therefore keeps OTLP encodings in one buffer outside the heap, which no collection copies.
 */
public final class RecentSpans implements SpanProcessor {

  /** Whole traces admitted lately, by trace id: their later spans come in past the cap too. */
  private static final int TRACE_SLOTS = 256;
  private static final long WINDOW_NANOS = 1_000_000_000L;

  private final EncodedSpanRing ring;
  private final int perSecond;
  private final String[] admittedTraces = new String[TRACE_SLOTS];
  /**
   * The hash of each slot's trace id, compared first: every span end on every thread asks, and
   * most ask for a trace that is not kept, which a read of this small array settles without
   * touching the kept id another thread wrote (that compare was 6 % of the agent's time on the
   * request threads of http-app's {@code /hello}).
   */
  private final int[] admittedHashes = new int[TRACE_SLOTS];
  private final AtomicInteger admittedInWindow = new AtomicInteger();
  private volatile long windowStart = System.nanoTime();

  public RecentSpans(int capacity) {
    // the ring then always holds at least the last eight seconds
    this(capacity, Math.max(64, capacity / 8));
  }

  /** A ring with its own budget of new traces' spans a second (benchmarks and tests fill one in a burst). */
  public RecentSpans(int capacity, int perSecond) {
    this.ring = new EncodedSpanRing(capacity);
    this.perSecond = perSecond;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (ring.capacity() == 0 || !admitted(span.getSpanContext().getTraceId())) {
      return;
    }
    try {
      ring.add(span.toSpanData());
    } catch (RuntimeException e) {
      // this runs inside the application's span end (the OpenTelemetry API bridge too): never into it
      AgentLog.warnOnce("recent-spans-encode", "a span could not be kept for /traces; it is exported as usual", e);
    }
  }

  /**
   * Whether a span of this trace goes into the ring: its trace came in lately, or this second's
   * budget has room. Racy on purpose: a window reset or a trace slot lost to another thread costs
   * at most a few spans more or less, never a lock on a request thread.
   */
  private boolean admitted(String traceId) {
    int hash = traceId.hashCode();
    int slot = hash & (TRACE_SLOTS - 1);
    if (admittedHashes[slot] == hash && traceId.equals(admittedTraces[slot])) {
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
    // a reader between these two writes sees a hash without its id, or the reverse: it then
    // takes the span as a new trace's, as a lost slot would
    admittedTraces[slot] = traceId;
    admittedHashes[slot] = hash;
    return true;
  }

  /** New traces' spans the ring takes in a second, at most (the spans of traces it took come in beyond it). */
  public int perSecond() {
    return perSecond;
  }

  @Override
  public boolean isEndRequired() {
    return ring.capacity() > 0;
  }

  /** Oldest first. */
  public List<SpanData> snapshot() {
    return ring.spans();
  }

  public int capacity() {
    return ring.capacity();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
