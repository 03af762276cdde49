package dev.sightline.instrumentation.servlet;

import dev.sightline.agent.http.HttpSemantics;
import dev.sightline.agent.http.HttpServerTracer;
import dev.sightline.agent.http.ServerRequest;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Collections;
import javax.servlet.RequestDispatcher;
import javax.servlet.http.HttpServletMapping;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Starts a {@code javax.servlet} request's SERVER span at its outermost filter or servlet and
 * ends it on return, or, once the request went async, when its {@code AsyncContext} completes.
 */
final class JavaxServletHandler extends Handler {

  private final HttpServerTracer tracer;

  JavaxServletHandler(Telemetry telemetry) {
    this.tracer = new HttpServerTracer(telemetry, "servlet");
  }

  @Override
  public Object enter(Object request, Object response) {
    if (!(request instanceof HttpServletRequest) || CallDepth.suppressed()) {
      return null;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    if (http.getAttribute(ServletRoutes.CALL_ATTRIBUTE) != null) {
      return null;
    }
    HttpServerTracer.Call call = tracer.start(requestOf(http), http, HeadersGetter.INSTANCE);
    http.setAttribute(ServletRoutes.CALL_ATTRIBUTE, call);
    call.makeCurrent();
    return call;
  }

  @Override
  public void exit(Object state, Object request, Object response, Throwable error) {
    if (!(state instanceof HttpServerTracer.Call)) {
      return;
    }
    HttpServerTracer.Call call = (HttpServerTracer.Call) state;
    call.closeScope();
    HttpServletRequest http = (HttpServletRequest) request;
    HttpServletResponse httpResponse = response instanceof HttpServletResponse ? (HttpServletResponse) response : null;
    if (error == null && http.isAsyncStarted()) {
      try {
        http.getAsyncContext().addListener(new JavaxAsyncEnd(call, httpResponse));
        return;
      } catch (IllegalStateException alreadyOver) {
        // The async cycle ended before this dispatch returned: the response is final now.
      }
    }
    int status = statusOf(httpResponse, error);
    call.end(status, error != null || status < 500 ? error : handledError(http));
  }

  static int statusOf(HttpServletResponse response, Throwable error) {
    if (error != null && (response == null || !response.isCommitted())) {
      return 500;
    }
    return response == null ? -1 : response.getStatus();
  }

  /** The exception a container caught and turned into an error response (Tomcat's valves do). */
  private static Throwable handledError(HttpServletRequest request) {
    Object error = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    return error instanceof Throwable ? (Throwable) error : null;
  }

  private static ServerRequest requestOf(HttpServletRequest http) {
    ServerRequest request = new ServerRequest();
    request.method = http.getMethod();
    request.scheme = http.getScheme();
    request.path = http.getRequestURI();
    request.query = http.getQueryString();
    request.route = routeOf(http);
    request.serverAddress = http.getServerName();
    request.serverPort = http.getServerPort();
    request.clientAddress = http.getRemoteAddr();
    request.clientPort = http.getRemotePort();
    request.userAgent = http.getHeader("User-Agent");
    request.protocolVersion = HttpSemantics.protocolVersion(http.getProtocol());
    return request;
  }

  private static String routeOf(HttpServletRequest http) {
    try {
      HttpServletMapping mapping = http.getHttpServletMapping();
      if (mapping == null || mapping.getMappingMatch() == null) {
        return null;
      }
      return ServletRoutes.route(http.getContextPath(), mapping.getMappingMatch().name(), mapping.getPattern());
    } catch (RuntimeException | LinkageError noMapping) {
      // Not mapped yet, or a container older than the API: the span goes without a route.
      return null;
    }
  }

  /** Reads propagation headers off the request; servlet header names are case-insensitive. */
  enum HeadersGetter implements TextMapGetter<HttpServletRequest> {
    INSTANCE;

    @Override
    public Iterable<String> keys(HttpServletRequest request) {
      return request == null ? Collections.<String>emptyList() : Collections.list(request.getHeaderNames());
    }

    @Override
    public String get(HttpServletRequest request, String key) {
      return request == null ? null : request.getHeader(key);
    }
  }
}
