package dev.sightline.instrumentation.jdbc;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/**
 * {@code execute}, {@code executeQuery}, {@code executeUpdate} and {@code executeLargeUpdate}, with
 * the SQL as first argument (plain statements) or none (prepared ones). The outermost call of a
 * thread owns the span: a pool's proxy calling the driver's statement makes one span, not two.
 */
public final class ExecuteAdvice {

  private ExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.This Object statement, @Advice.Argument(value = 0, optional = true) Object sql) {
    if (CallDepth.enter(CallDepth.JDBC) > 0) {
      return null;
    }
    return Handlers.get(Handlers.JDBC_STATEMENT_EXECUTE).enter(statement, sql);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object state, @Advice.Thrown Throwable error) {
    if (CallDepth.exit(CallDepth.JDBC) > 0) {
      return;
    }
    Handlers.get(Handlers.JDBC_STATEMENT_EXECUTE).exit(state, null, null, error);
  }
}
