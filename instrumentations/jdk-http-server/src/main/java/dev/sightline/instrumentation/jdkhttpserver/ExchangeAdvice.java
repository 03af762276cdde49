package dev.sightline.instrumentation.jdkhttpserver;

import com.sun.net.httpserver.HttpExchange;
import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** Woven into {@code Filter.Chain.doFilter}; the outermost call of a thread owns the span. */
public final class ExchangeAdvice {

  private ExchangeAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) HttpExchange exchange) {
    if (CallDepth.enter(CallDepth.HTTP_SERVER) > 0) {
      return null;
    }
    return Handlers.get(Handlers.JDK_HTTP_SERVER_EXCHANGE).enter(null, exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object state, @Advice.Argument(0) HttpExchange exchange, @Advice.Thrown Throwable error) {
    if (CallDepth.exit(CallDepth.HTTP_SERVER) > 0) {
      return;
    }
    Handlers.get(Handlers.JDK_HTTP_SERVER_EXCHANGE).exit(state, null, exchange, error);
  }
}
