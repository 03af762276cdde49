package dev.sightline.instrumentation.jdkhttpserver;

import dev.sightline.agent.health.Readiness;
import dev.sightline.bootstrap.Handler;

/** Feeds a JDK HTTP server's open, start and stop into readiness. */
public final class LifecycleHandler extends Handler {

  // The events the lifecycle advice passes as literals (advice may not name agent classes).
  public static final String OPENED = "opened";
  public static final String STARTED = "started";
  public static final String STOPPED = "stopped";

  private final Readiness readiness;

  LifecycleHandler(Readiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public void exit(Object event, Object server, Object result, Throwable error) {
    if (server == null) {
      return;
    }
    if (OPENED.equals(event)) {
      readiness.serverOpened(server);
    } else if (STARTED.equals(event)) {
      readiness.serverListening(server);
    } else if (STOPPED.equals(event)) {
      readiness.serverClosed(server);
    }
  }
}
