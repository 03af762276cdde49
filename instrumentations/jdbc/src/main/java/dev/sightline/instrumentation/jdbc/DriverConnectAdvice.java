package dev.sightline.instrumentation.jdbc;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/**
 * {@code Driver.connect(url, properties)}: a database reached or refused, for /health. Statements a
 * driver runs to set up the session count as JDBC depth, so they make no spans of their own.
 */
public final class DriverConnectAdvice {

  private DriverConnectAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter() {
    CallDepth.enter(CallDepth.JDBC);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.This Object driver,
      @Advice.Argument(0) String url,
      @Advice.Return Object connection,
      @Advice.Thrown Throwable error) {
    CallDepth.exit(CallDepth.JDBC);
    Handlers.get(Handlers.JDBC_DRIVER_CONNECT).exit(url, driver, connection, error);
  }
}
