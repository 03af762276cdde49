package dev.sightline.instrumentation.httpurlconnection;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handlers;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/**
 * {@code connect}, {@code getOutputStream} and {@code getInputStream}: the first of them starts
 * the span; {@code getInputStream} ends it with the response, the others only if they fail.
 */
public final class ConnectionAdvice {

  private ConnectionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This HttpURLConnection connection) {
    if (CallDepth.enter(CallDepth.HTTP_CLIENT) > 0) {
      return;
    }
    Handlers.get(Handlers.HTTP_URL_CONNECTION).enter(connection, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.This HttpURLConnection connection, @Advice.Origin("#m") String method, @Advice.Thrown Throwable error) {
    if (CallDepth.exit(CallDepth.HTTP_CLIENT) > 0) {
      return;
    }
    Handlers.get(Handlers.HTTP_URL_CONNECTION).exit(method, connection, null, error);
  }
}
