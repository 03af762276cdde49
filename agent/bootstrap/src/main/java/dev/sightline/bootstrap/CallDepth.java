package dev.sightline.bootstrap;

/**
 * Per-thread nesting counters, one per kind of operation, so that a call which reaches a
 * second instrumented method of the same kind (a pool wrapping a driver, a client calling
 * its own async path, a filter chain calling the next filter) makes only one span.
 *
 * <p>{@link #SUPPRESSED} marks code running on behalf of the agent itself (span export):
 * instrumentation stays quiet there so the agent never traces its own traffic.
 */
public final class CallDepth {

  public static final int SUPPRESSED = 0;
  public static final int HTTP_SERVER = 1;
  public static final int HTTP_CLIENT = 2;
  public static final int JDBC = 3;
  public static final int MESSAGING_SEND = 4;
  public static final int MESSAGING_PROCESS = 5;
  /** Inside a batch listener: the batch's span covers its records, which get none of their own. */
  public static final int MESSAGING_BATCH = 6;
  /** Inside a pool's own bookkeeping (starting a worker): its threads must not inherit a task's context. */
  public static final int POOL_INTERNAL = 7;

  private static final int KINDS = 16;

  private static final ThreadLocal<int[]> DEPTHS =
      new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
          return new int[KINDS];
        }
      };

  private CallDepth() {}

  /** Increments the depth of {@code kind}; returns the depth before, so 0 means outermost. */
  public static int enter(int kind) {
    return DEPTHS.get()[kind]++;
  }

  /** Decrements the depth of {@code kind}; returns the depth after, so 0 means outermost. */
  public static int exit(int kind) {
    int[] depths = DEPTHS.get();
    int depth = depths[kind];
    if (depth > 0) {
      depths[kind] = --depth;
    }
    return depth;
  }

  public static boolean inside(int kind) {
    return DEPTHS.get()[kind] > 0;
  }

  public static boolean suppressed() {
    return DEPTHS.get()[SUPPRESSED] > 0;
  }
}
