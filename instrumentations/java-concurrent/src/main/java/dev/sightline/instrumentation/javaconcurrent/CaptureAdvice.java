package dev.sightline.instrumentation.javaconcurrent;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** {@code ForkJoinTask.fork} and {@code Thread.start}: the task or thread takes the caller's context along. */
public final class CaptureAdvice {

  private CaptureAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object taskOrThread) {
    Handlers.get(Handlers.CONCURRENT_SUBMIT).enter(taskOrThread, null);
  }
}
