package dev.sightline.instrumentation.servlet;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** A Jetty server or Tomcat connector stopped. */
public final class ContainerStoppedAdvice {

  private ContainerStoppedAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object server) {
    Handlers.get(Handlers.SERVLET_CONTAINER_LIFECYCLE).exit("stopped", server, null, null);
  }
}
