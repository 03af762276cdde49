package dev.sightline.bootstrap;

/**
 * The scope an instrumentation left open on a thread past the call that opened it: a Kafka
 * record's process span stays current until the application asks for the next record, and an
 * application that stops iterating early never does. Whoever knows the thread's unit of work is
 * over (a task or thread finishing its run) closes what is still open, so the next unit of work
 * does not run under a stale parent.
 */
public final class OpenScopes {

  private static final ThreadLocal<Runnable> OPEN = new ThreadLocal<>();

  private OpenScopes() {}

  /** {@code closer} ends the scope (and its span) opened on this thread. */
  public static void opened(Runnable closer) {
    OPEN.set(closer);
  }

  /** The scope {@code closer} stands for was closed the normal way. */
  public static void closed(Runnable closer) {
    if (OPEN.get() == closer) {
      // set(null), not remove(): a record per call, and remove() then set() churns the thread's map
      OPEN.set(null);
    }
  }

  /** What is open on this thread now, to hand to {@link #closeOpenedSince} when a unit of work ends. */
  public static Runnable current() {
    return OPEN.get();
  }

  /**
   * Ends what a unit of work opened and left open; what was open before it started (a record
   * whose processing runs a task inline) is left alone.
   */
  public static void closeOpenedSince(Runnable before) {
    Runnable closer = OPEN.get();
    if (closer != null && closer != before) {
      OPEN.set(null);
      closer.run();
    }
  }
}
