package dev.sightline.instrumentation.servlet;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/**
 * {@code jakarta.servlet} {@code Servlet.service}, {@code Filter.doFilter} and Tomcat's host
 * valve: the outermost call of a thread owns the request's span.
 */
public final class JakartaServiceAdvice {

  private JakartaServiceAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin Class<?> origin,
      @Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
    if (CallDepth.enter(CallDepth.HTTP_SERVER) > 0) {
      return null;
    }
    return Handlers.forClass(Handlers.SERVLET_SERVICE, origin).enter(request, response);
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
    Handlers.forClass(Handlers.SERVLET_SERVICE, origin).exit(state, request, response, error);
  }
}
