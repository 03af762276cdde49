package dev.sightline.instrumentation.okhttp;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** {@code RealCall.getResponseWithInterceptorChain}: one logical request, resends included. */
public final class CallAdvice {

  private CallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin Class<?> origin,
      @Advice.This Object call) {
    if (CallDepth.enter(CallDepth.HTTP_CLIENT) > 0) {
      return null;
    }
    return Handlers.forClass(Handlers.OKHTTP_EXECUTE, origin).enter(call, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin,
      @Advice.Enter Object state,
      @Advice.This Object call,
      @Advice.Return Object response,
      @Advice.Thrown Throwable error) {
    if (CallDepth.exit(CallDepth.HTTP_CLIENT) > 0) {
      return;
    }
    Handlers.forClass(Handlers.OKHTTP_EXECUTE, origin).exit(state, call, response, error);
  }
}
