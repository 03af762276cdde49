package dev.sightline.instrumentation.jdkhttpserver;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** Tells readiness that a JDK HTTP server was opened. */
public final class ServerOpenedAdvice {

  private ServerOpenedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object server) {
    Handlers.get(Handlers.JDK_HTTP_SERVER_LIFECYCLE).exit("opened", server, null, null);
  }
}
