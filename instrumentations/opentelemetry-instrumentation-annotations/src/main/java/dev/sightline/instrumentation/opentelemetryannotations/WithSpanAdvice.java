package dev.sightline.instrumentation.opentelemetryannotations;

import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** A {@code @WithSpan} method: a span around the call, the parameters marked {@code @SpanAttribute} on it. */
public final class WithSpanAdvice {

  private WithSpanAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin Class<?> origin, @Advice.Origin("#m#d") String method, @Advice.AllArguments Object[] arguments) {
    Handler handler = Handlers.get(Handlers.OTEL_WITH_SPAN);
    Object call = handler.enter(origin, method);
    if (call != null) {
      handler.replaceArgument(call, arguments);
    }
    return call;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object call,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable error) {
    if (call != null) {
      Handlers.get(Handlers.OTEL_WITH_SPAN).exit(call, null, returned, error);
    }
  }
}
