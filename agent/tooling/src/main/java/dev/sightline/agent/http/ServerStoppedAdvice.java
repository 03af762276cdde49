package dev.sightline.agent.http;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** An HTTP server stopped. */
public final class ServerStoppedAdvice {

  private ServerStoppedAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object server) {
    Handlers.get(Handlers.SERVER_LIFECYCLE).exit("stopped", server, null, null);
  }
}
