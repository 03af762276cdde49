package dev.sightline.agent.http;

import dev.sightline.agent.health.Readiness;
import dev.sightline.bootstrap.Handler;

/**
 * Feeds an HTTP server's creation, start and stop into readiness: the JDK server, a Jetty server
 * or a Tomcat connector. Their lifecycle advice lives here too, shared by those instrumentations.
 */
public final class ServerLifecycleHandler extends Handler {

  // The events the lifecycle advice passes as literals (advice may not name agent classes).
  static final String OPENED = "opened";
  static final String STARTED = "started";
  static final String STOPPED = "stopped";

  private final Readiness readiness;

  public ServerLifecycleHandler(Readiness readiness) {
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
