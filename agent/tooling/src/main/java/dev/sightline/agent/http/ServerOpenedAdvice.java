package dev.sightline.agent.http;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** An HTTP server (JDK server, Jetty server, Tomcat connector) was created: not ready until it listens. */
public final class ServerOpenedAdvice {

  private ServerOpenedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object server) {
    Handlers.get(Handlers.SERVER_LIFECYCLE).exit("opened", server, null, null);
  }
}
