package dev.sightline.instrumentation.servlet;

import dev.sightline.agent.spi.LibraryHandlers;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;

/**
 * The handlers of one copy of a servlet API: requests (filters, servlets and Tomcat's valve
 * alike) and the routes frameworks match inside them.
 */
abstract class ServletHandlers implements LibraryHandlers {

  private final int serviceSlot;
  private final Handler requests;
  private final Handler routes;

  <REQ, RES> ServletHandlers(Telemetry telemetry, ServletApi<REQ, RES> api, int serviceSlot) {
    this.serviceSlot = serviceSlot;
    this.requests = new ServletRequestHandler<>(telemetry, api);
    this.routes = new FrameworkRouteHandler<>(api);
  }

  @Override
  public Handler handler(int slot) {
    if (slot == Handlers.SERVLET_ROUTE) {
      return routes;
    }
    return slot == serviceSlot || slot == Handlers.SERVLET_HOST_VALVE ? requests : null;
  }
}
