package dev.sightline.instrumentation.servlet;

import dev.sightline.agent.http.HttpServerTracer;
import dev.sightline.bootstrap.Handler;

/**
 * {@code enter(request, attributeName)}: a framework running inside a servlet has matched the
 * request and left the route template in a request attribute. The template is relative to the
 * servlet (a framework's servlet mapped to {@code /api/*} sees {@code /orders/{id}}), so the
 * route is the context path, the servlet's prefix and the template.
 */
final class FrameworkRouteHandler<REQ, RES> extends Handler {

  private final ServletApi<REQ, RES> api;

  FrameworkRouteHandler(ServletApi<REQ, RES> api) {
    this.api = api;
  }

  @Override
  public Object enter(Object request, Object attributeName) {
    REQ http = api.httpRequest(request);
    if (http == null || !(attributeName instanceof String)) {
      return null;
    }
    Object call = api.attribute(http, ServletRoutes.CALL_ATTRIBUTE);
    Object template = api.attribute(http, (String) attributeName);
    if (call instanceof HttpServerTracer.Call && template instanceof String) {
      ((HttpServerTracer.Call) call).frameworkRoute(route(http, (String) template));
    }
    return null;
  }

  private String route(REQ http, String template) {
    String prefix = "";
    try {
      prefix = ServletRoutes.servletPrefix(api.mappingMatch(http), api.mappingPattern(http));
    } catch (RuntimeException | LinkageError noMapping) {
      // No mapping to read: the template stands for the whole path within the context.
    }
    String context = api.contextPath(http);
    return (context == null || "/".equals(context) ? "" : context) + prefix + (template.startsWith("/") ? template : "/" + template);
  }
}
