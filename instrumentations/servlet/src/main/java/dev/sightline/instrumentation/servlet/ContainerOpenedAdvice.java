package dev.sightline.instrumentation.servlet;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** A Jetty server or Tomcat connector was created: not ready until it listens. */
public final class ContainerOpenedAdvice {

  private ContainerOpenedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object server) {
    Handlers.get(Handlers.SERVLET_CONTAINER_LIFECYCLE).exit("opened", server, null, null);
  }
}
