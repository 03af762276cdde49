package dev.sightline.instrumentation.okhttp;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** {@code RealCall.enterNetworkInterceptorExchange}: one attempt (first send, retry or follow-up). */
public final class AttemptAdvice {

  private AttemptAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Origin Class<?> origin,
      @Advice.This Object call) {
    Handlers.forClass(Handlers.OKHTTP_ATTEMPT, origin).enter(call, null);
  }
}
