package dev.sightline.agent.export;

import dev.sightline.bootstrap.AgentLog;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The last spans, each kept as its OTLP encoding in one circular buffer outside the Java heap,
 * newest over oldest. Kept spans live for seconds: as objects, or as an array each, a young
 * collection copies every one of them until it is tenured, about fifteen collections later; in
 * one direct buffer, allocated once, no collection copies them at all. Safe for any thread:
 * adding and copying out take this ring's lock, decoding happens outside it.
 */
public final class EncodedSpanRing {

  /** The room kept per span: a server span takes about 300 bytes, one with an exception's stack trace several kilobytes. */
  static final int BYTES_PER_SPAN = 512;

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final OtlpTraceEncoder encoder = new OtlpTraceEncoder(4 * 1024);
  private final ByteBuffer bytes;
  /** Each slot's first byte, counted from the first byte ever written, so a lap never repeats a position. */
  private final long[] starts;
  private final int[] lengths;
  private final Resource[] resources;
  private final InstrumentationScopeInfo[] scopes;
  private long written;
  private long added;

  /** Room for {@code capacity} spans of the usual size; a ring of capacity 0 keeps nothing. */
  public EncodedSpanRing(int capacity) {
    this(capacity, (long) capacity * BYTES_PER_SPAN);
  }

  EncodedSpanRing(int capacity, long byteCapacity) {
    this(capacity, byteCapacity, ByteBuffer::allocateDirect, ByteBuffer::allocate);
  }

  /**
   * Allocates the buffer outside the heap where the JVM allows; within it, as one array that is
   * tenured once, where an application's small {@code -XX:MaxDirectMemorySize} is already taken;
   * and where neither has the room (a large {@code sightline.traces.buffer} in a small JVM), keeps
   * nothing: this runs in premain, and an error here would stop the agent, not only {@code /traces}.
   */
  EncodedSpanRing(int capacity, long byteCapacity, IntFunction<ByteBuffer> direct, IntFunction<ByteBuffer> heap) {
    int size = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(byteCapacity, 0));
    int slots = Math.max(capacity, 0);
    ByteBuffer buffer = EMPTY;
    long[] slotStarts = new long[0];
    int[] slotLengths = new int[0];
    Resource[] slotResources = new Resource[0];
    InstrumentationScopeInfo[] slotScopes = new InstrumentationScopeInfo[0];
    if (slots > 0) {
      try {
        // the slot tables (20 bytes a span) are made before any is kept: all or nothing
        ByteBuffer made = allocate(size, direct, heap);
        long[] madeStarts = new long[slots];
        int[] madeLengths = new int[slots];
        Resource[] madeResources = new Resource[slots];
        InstrumentationScopeInfo[] madeScopes = new InstrumentationScopeInfo[slots];
        buffer = made;
        slotStarts = madeStarts;
        slotLengths = madeLengths;
        slotResources = madeResources;
        slotScopes = madeScopes;
      } catch (OutOfMemoryError e) {
        AgentLog.warn("/traces keeps no spans: its ring of " + slots + " spans (" + size + " bytes) does not fit in this JVM's memory (" + e.getMessage() + "); lower sightline.traces.buffer");
      }
    }
    bytes = buffer;
    starts = slotStarts;
    lengths = slotLengths;
    resources = slotResources;
    scopes = slotScopes;
  }

  private static ByteBuffer allocate(int size, IntFunction<ByteBuffer> direct, IntFunction<ByteBuffer> heap) {
    try {
      return direct.apply(size);
    } catch (OutOfMemoryError e) {
      AgentLog.warn("the /traces ring's " + size + " bytes are kept in the Java heap: direct memory is short (" + e.getMessage() + ")");
      return heap.apply(size);
    }
  }

  public int capacity() {
    return starts.length;
  }

  /** Keeps {@code span}, over the oldest as needed; one larger than the whole buffer is left out, and false returned. */
  public synchronized boolean add(SpanData span) {
    if (starts.length == 0) {
      return false;
    }
    ReverseProtoWriter encoded = encoder.encodeSpanInto(span);
    int length = encoded.size();
    int room = bytes.capacity();
    if (length > room) {
      return false;
    }
    long start = written;
    int at = (int) (start % room);
    if (at + length > room) {
      // no encoding wraps around the end: the rest of this lap stays unused
      start += room - at;
      at = 0;
    }
    bytes.position(at);
    bytes.put(encoded.array(), encoded.start(), length);
    written = start + length;
    int slot = (int) (added++ % starts.length);
    starts[slot] = start;
    lengths[slot] = length;
    resources[slot] = span.getResource();
    scopes[slot] = span.getInstrumentationScopeInfo();
    return true;
  }

  /** The spans kept, oldest first: copied out under the lock, read back outside it. */
  public List<SpanData> spans() {
    List<byte[]> encodings = new ArrayList<>();
    List<Resource> spanResources = new ArrayList<>();
    List<InstrumentationScopeInfo> spanScopes = new ArrayList<>();
    synchronized (this) {
      int room = bytes.capacity();
      for (long i = Math.max(0, added - starts.length); i < added; i++) {
        int slot = (int) (i % starts.length);
        if (starts[slot] < written - room) {
          continue; // its bytes are partly under a newer, larger span's
        }
        byte[] encoding = new byte[lengths[slot]];
        bytes.position((int) (starts[slot] % room));
        bytes.get(encoding);
        encodings.add(encoding);
        spanResources.add(resources[slot]);
        spanScopes.add(scopes[slot]);
      }
    }
    List<SpanData> spans = new ArrayList<>(encodings.size());
    for (int i = 0; i < encodings.size(); i++) {
      spans.add(OtlpSpanDecoder.decode(encodings.get(i), spanResources.get(i), spanScopes.get(i)));
    }
    return spans;
  }
}
