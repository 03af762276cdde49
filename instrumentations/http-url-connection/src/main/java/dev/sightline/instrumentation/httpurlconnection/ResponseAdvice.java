package dev.sightline.instrumentation.httpurlconnection;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handlers;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/** {@code getInputStream}: starts the span if nothing did yet, ends it with the response. */
public final class ResponseAdvice {

  private ResponseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This HttpURLConnection connection) {
    if (CallDepth.enter(CallDepth.HTTP_CLIENT) > 0) {
      return;
    }
    Handlers.get(Handlers.HTTP_URL_CONNECTION_START).enter(connection, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This HttpURLConnection connection, @Advice.Thrown Throwable error) {
    if (CallDepth.exit(CallDepth.HTTP_CLIENT) > 0) {
      return;
    }
    Handlers.get(Handlers.HTTP_URL_CONNECTION_RESPONSE).exit(null, connection, null, error);
  }
}
