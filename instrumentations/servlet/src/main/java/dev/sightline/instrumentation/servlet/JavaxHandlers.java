package dev.sightline.instrumentation.servlet;

import dev.sightline.agent.spi.LibraryHandlers;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;

/** The request handler of one copy of the {@code javax.servlet} API, filters and Tomcat's valve alike. */
final class JavaxHandlers implements LibraryHandlers {

  private final Handler requests;

  JavaxHandlers(Telemetry telemetry) {
    this.requests = new ServletRequestHandler<>(telemetry, new JavaxApi());
  }

  @Override
  public Handler handler(int slot) {
    return slot == Handlers.SERVLET_JAVAX_SERVICE || slot == Handlers.SERVLET_HOST_VALVE ? requests : null;
  }
}
