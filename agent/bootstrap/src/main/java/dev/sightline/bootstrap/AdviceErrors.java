package dev.sightline.bootstrap;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Where every Throwable escaping an advice method ends up (the advice is compiled with
 * {@code suppress = Throwable.class} and this as the exception handler), so the application
 * never sees it. Each distinct failure is logged once; all are counted.
 */
public final class AdviceErrors {

  private static final AtomicLong COUNT = new AtomicLong();

  private AdviceErrors() {}

  public static void report(Throwable error) {
    try {
      COUNT.incrementAndGet();
      StackTraceElement[] frames = error.getStackTrace();
      String where = frames.length > 0 ? frames[0].toString() : "?";
      AgentLog.warnOnce(
          "advice:" + error.getClass().getName() + '@' + where,
          "instrumentation failed at " + where + " (the application goes on; further occurrences are counted, not logged)",
          error);
    } catch (Throwable ignored) {
      // Nothing may leave the advice, not even a failure to log.
    }
  }

  public static long count() {
    return COUNT.get();
  }
}
