package dev.sightline.instrumentation.servlet;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/**
 * Tomcat's {@code StandardHostValve.invoke}: the outermost place that sees a mapped request,
 * also for requests no servlet maps and for error pages. Its request is a {@code jakarta}
 * one from Tomcat 10 on and a {@code javax} one before, and a class path may hold both APIs: the
 * handler of whichever API the request implements takes it. Only a valve call that started the
 * span holds the call depth, so a request the valve could not trace is still traced by its
 * filters and servlets.
 */
public final class HostValveAdvice {

  private HostValveAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin Class<?> origin, @Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
    if (CallDepth.inside(CallDepth.HTTP_SERVER)) {
      return null;
    }
    Object state = Handlers.forClass(Handlers.SERVLET_HOST_VALVE, origin).enter(request, response);
    if (state != null) {
      CallDepth.enter(CallDepth.HTTP_SERVER);
    }
    return state;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin,
      @Advice.Enter Object state,
      @Advice.Argument(0) Object request,
      @Advice.Argument(1) Object response,
      @Advice.Thrown Throwable error) {
    if (state == null) {
      return;
    }
    CallDepth.exit(CallDepth.HTTP_SERVER);
    Handlers.forClass(Handlers.SERVLET_HOST_VALVE, origin).exit(state, request, response, error);
  }
}
