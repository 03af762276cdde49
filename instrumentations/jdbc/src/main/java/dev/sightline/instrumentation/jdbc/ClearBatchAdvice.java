package dev.sightline.instrumentation.jdbc;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** {@code clearBatch()}: the queued statements are gone. */
public final class ClearBatchAdvice {

  private ClearBatchAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object statement) {
    Handlers.get(Handlers.JDBC_STATEMENT_CLEAR_BATCH).exit(null, statement, null, null);
  }
}
