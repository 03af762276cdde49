package dev.sightline.instrumentation.okhttp;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** {@code RealCall.enqueue}: remembers the caller's context for the worker thread's span. */
public final class EnqueueAdvice {

  private EnqueueAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Origin Class<?> origin,
      @Advice.This Object call) {
    Handlers.forClass(Handlers.OKHTTP_ENQUEUE, origin).enter(call, null);
  }
}
