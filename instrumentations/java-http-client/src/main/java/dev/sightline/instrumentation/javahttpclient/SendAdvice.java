package dev.sightline.instrumentation.javahttpclient;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;
import java.net.http.HttpRequest;
import net.bytebuddy.asm.Advice;

/**
 * {@code HttpClient.send} and {@code sendAsync}: the request is swapped for one carrying the
 * trace headers; the handler ends the span on return, or when the returned future completes.
 */
public final class SendAdvice {

  private SendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
    if (CallDepth.enter(CallDepth.HTTP_CLIENT) > 0) {
      return null;
    }
    Handler handler = Handlers.get(Handlers.JAVA_HTTP_CLIENT_SEND);
    Object state = handler.enter(null, request);
    request = (HttpRequest) handler.replaceArgument(state, request);
    return state;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object state, @Advice.Return Object response, @Advice.Thrown Throwable error) {
    if (CallDepth.exit(CallDepth.HTTP_CLIENT) > 0) {
      return;
    }
    Handlers.get(Handlers.JAVA_HTTP_CLIENT_SEND).exit(state, null, response, error);
  }
}
