package dev.sightline.instrumentation.httpurlconnection;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handlers;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/** {@code connect} and {@code getOutputStream}: start the span; end it only if they fail. */
public final class ConnectAdvice {

  private ConnectAdvice() {}

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
    Handlers.get(Handlers.HTTP_URL_CONNECTION_START).exit(null, connection, null, error);
  }
}
