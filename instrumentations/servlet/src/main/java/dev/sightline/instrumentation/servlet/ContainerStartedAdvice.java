package dev.sightline.instrumentation.servlet;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** A Jetty server or Tomcat connector finished starting (listening), or failed to. */
public final class ContainerStartedAdvice {

  private ContainerStartedAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object server, @Advice.Thrown Throwable error) {
    Handlers.get(Handlers.SERVLET_CONTAINER_LIFECYCLE).exit("started", server, null, error);
  }
}
