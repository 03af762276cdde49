package dev.sightline.instrumentation.javaconcurrent;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/**
 * A task or thread runs: the context it was handed is current until it returns, and what the
 * run left open is closed then.
 */
public final class RunAdvice {

  private RunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object taskOrThread) {
    return Handlers.get(Handlers.CONCURRENT_RUN).enter(taskOrThread, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object scope) {
    Handlers.get(Handlers.CONCURRENT_RUN).exit(scope, null, null, null);
  }
}
