package dev.sightline.instrumentation.servlet;

import dev.sightline.agent.health.Readiness;
import dev.sightline.bootstrap.Handler;

/** Feeds a servlet container's creation, start and stop into readiness. */
final class ContainerLifecycleHandler extends Handler {

  // The events the lifecycle advice passes as literals (advice may not name agent classes).
  static final String OPENED = "opened";
  static final String STARTED = "started";
  static final String STOPPED = "stopped";

  private final Readiness readiness;

  ContainerLifecycleHandler(Readiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public void exit(Object event, Object server, Object result, Throwable error) {
    if (server == null) {
      return;
    }
    if (OPENED.equals(event)) {
      readiness.serverOpened(server);
    } else if (STARTED.equals(event) && error == null) {
      readiness.serverListening(server);
    } else if (STARTED.equals(event) || STOPPED.equals(event)) {
      readiness.serverClosed(server);
    }
  }
}
