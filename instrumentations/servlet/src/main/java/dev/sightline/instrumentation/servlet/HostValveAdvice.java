package dev.sightline.instrumentation.servlet;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/**
 * Tomcat's {@code StandardHostValve.invoke}: the outermost place that sees a mapped request,
 * also for requests no servlet maps and for error pages. Its request is a {@code jakarta}
 * one from Tomcat 10 on and a {@code javax} one before, so its handler is whichever of the two
 * APIs the valve's loader sees.
 */
public final class HostValveAdvice {

  private HostValveAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin Class<?> origin,
      @Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
    if (CallDepth.enter(CallDepth.HTTP_SERVER) > 0) {
      return null;
    }
    return Handlers.forClass(Handlers.SERVLET_HOST_VALVE, origin).enter(request, response);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin,
      @Advice.Enter Object state,
      @Advice.Argument(0) Object request,
      @Advice.Argument(1) Object response,
      @Advice.Thrown Throwable error) {
    if (CallDepth.exit(CallDepth.HTTP_SERVER) > 0) {
      return;
    }
    Handlers.forClass(Handlers.SERVLET_HOST_VALVE, origin).exit(state, request, response, error);
  }
}
