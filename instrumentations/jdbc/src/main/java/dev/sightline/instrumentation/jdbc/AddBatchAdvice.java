package dev.sightline.instrumentation.jdbc;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** {@code addBatch(String)} on plain statements, {@code addBatch()} on prepared ones. */
public final class AddBatchAdvice {

  private AddBatchAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.This Object statement, @Advice.Argument(value = 0, optional = true) Object sql) {
    Handlers.get(Handlers.JDBC_STATEMENT_ADD_BATCH).exit(null, statement, sql, null);
  }
}
