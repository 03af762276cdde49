package dev.sightline.instrumentation.jdbc;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/**
 * {@code executeBatch} / {@code executeLargeBatch}. Nested levels still reach the handler, with
 * {@code nested = true}, so that each wrapped statement forgets its queued batch as the driver does.
 */
public final class ExecuteBatchAdvice {

  private ExecuteBatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object statement) {
    boolean nested = CallDepth.enter(CallDepth.JDBC) > 0;
    return Handlers.get(Handlers.JDBC_STATEMENT_BATCH).enter(statement, Boolean.valueOf(nested));
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object state, @Advice.Thrown Throwable error) {
    if (CallDepth.exit(CallDepth.JDBC) > 0) {
      return;
    }
    Handlers.get(Handlers.JDBC_STATEMENT_BATCH).exit(state, null, null, error);
  }
}
