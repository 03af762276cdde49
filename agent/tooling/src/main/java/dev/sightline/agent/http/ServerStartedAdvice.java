package dev.sightline.agent.http;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** An HTTP server finished starting (listening), or failed to. */
public final class ServerStartedAdvice {

  private ServerStartedAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object server, @Advice.Thrown Throwable error) {
    Handlers.get(Handlers.SERVER_LIFECYCLE).exit("started", server, null, error);
  }
}
