package dev.sightline.instrumentation.jdbc;

import dev.sightline.bootstrap.CallDepth;
import net.bytebuddy.asm.Advice;

/**
 * {@code Connection.isValid}: a pool's liveness check, which some drivers (PostgreSQL) implement
 * by executing an empty statement. Counting it as JDBC depth keeps that statement out of traces.
 */
public final class ValidationAdvice {

  private ValidationAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter() {
    CallDepth.enter(CallDepth.JDBC);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit() {
    CallDepth.exit(CallDepth.JDBC);
  }
}
