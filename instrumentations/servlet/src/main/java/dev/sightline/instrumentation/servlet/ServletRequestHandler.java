package dev.sightline.instrumentation.servlet;

import dev.sightline.agent.http.HttpSemantics;
import dev.sightline.agent.http.HttpServerTracer;
import dev.sightline.agent.http.ServerRequest;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Collections;

/**
 * Starts a servlet request's SERVER span at its outermost filter or servlet and ends it on
 * return, or, once the request went async, when its {@code AsyncContext} completes. One handler
 * per servlet API, each calling its API's types through {@link ServletApi}.
 */
final class ServletRequestHandler<REQ, RES> extends Handler {

  /** {@code DispatcherServlet.EXCEPTION_ATTRIBUTE}. */
  private static final String SPRING_HANDLED_EXCEPTION = "org.springframework.web.servlet.DispatcherServlet.EXCEPTION";

  private final HttpServerTracer tracer;
  private final ServletApi<REQ, RES> api;
  private final TextMapGetter<REQ> headers = new HeadersGetter();

  ServletRequestHandler(Telemetry telemetry, ServletApi<REQ, RES> api) {
    this.tracer = new HttpServerTracer(telemetry, "servlet");
    this.api = api;
  }

  @Override
  public Object enter(Object request, Object response) {
    REQ http = api.httpRequest(request);
    if (http == null || CallDepth.suppressed()) {
      return null;
    }
    Object started = api.attribute(http, ServletRoutes.CALL_ATTRIBUTE);
    if (started != null) {
      // An async or error re-dispatch of a request already traced: its work belongs to that
      // request's span, which stays open until the async cycle completes.
      return started instanceof HttpServerTracer.Call && !((HttpServerTracer.Call) started).ended()
          ? new Redispatch(((HttpServerTracer.Call) started).context().makeCurrent())
          : null;
    }
    HttpServerTracer.Call call = tracer.start(requestOf(http), http, headers);
    api.setAttribute(http, ServletRoutes.CALL_ATTRIBUTE, call);
    call.makeCurrent();
    return call;
  }

  @Override
  public void exit(Object state, Object request, Object response, Throwable error) {
    if (state instanceof Redispatch) {
      ((Redispatch) state).scope.close();
      return;
    }
    if (!(state instanceof HttpServerTracer.Call)) {
      return;
    }
    HttpServerTracer.Call call = (HttpServerTracer.Call) state;
    call.closeScope();
    // enter returned a call, so the request is an HTTP request.
    REQ http = api.httpRequest(request);
    RES httpResponse = api.httpResponse(response);
    if (error == null && api.isAsyncStarted(http)) {
      try {
        api.addAsyncListener(http, new AsyncCompletion(call, () -> statusOf(httpResponse, null)));
        return;
      } catch (IllegalStateException alreadyOver) {
        // The async cycle ended before this dispatch returned: the response is final now.
      }
    }
    int status = statusOf(httpResponse, error);
    call.end(status, applicationCause(error != null || status < 500 ? error : handledError(http)));
  }

  /**
   * Frameworks wrap what the application threw in a plain {@code ServletException} ("Request
   * processing failed"); the span names the application's exception, as an
   * {@code @ExceptionHandler} would have seen it.
   */
  static Throwable applicationCause(Throwable error) {
    Throwable cause = error;
    for (int i = 0; i < 5 && cause != null && cause.getCause() != null && isPlainServletException(cause); i++) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static boolean isPlainServletException(Throwable error) {
    String name = error.getClass().getName();
    return name.equals("jakarta.servlet.ServletException") || name.equals("javax.servlet.ServletException");
  }

  private int statusOf(RES response, Throwable error) {
    if (error != null && (response == null || !api.isCommitted(response))) {
      return 500;
    }
    return response == null ? -1 : api.status(response);
  }

  /**
   * The exception a container or framework caught and turned into an error response: Tomcat's
   * valves leave it in the servlet error attribute, Spring MVC (an {@code @ExceptionHandler},
   * its default resolvers) in its own.
   */
  private Throwable handledError(REQ request) {
    Object error = api.attribute(request, api.errorExceptionAttribute());
    if (!(error instanceof Throwable)) {
      error = api.attribute(request, SPRING_HANDLED_EXCEPTION);
    }
    return error instanceof Throwable ? (Throwable) error : null;
  }

  private ServerRequest requestOf(REQ http) {
    ServerRequest request = new ServerRequest();
    request.method = api.method(http);
    request.scheme = api.scheme(http);
    request.path = api.requestUri(http);
    request.query = api.queryString(http);
    request.route = routeOf(http);
    request.serverAddress = api.serverName(http);
    request.serverPort = api.serverPort(http);
    request.clientAddress = api.remoteAddress(http);
    request.userAgent = api.header(http, "User-Agent");
    request.protocolVersion = HttpSemantics.protocolVersion(api.protocol(http));
    return request;
  }

  private String routeOf(REQ http) {
    try {
      String match = api.mappingMatch(http);
      if (match == null) {
        return null;
      }
      return ServletRoutes.route(api.contextPath(http), match, api.mappingPattern(http));
    } catch (RuntimeException | LinkageError noMapping) {
      // Not mapped yet, or a container older than the API: the span goes without a route.
      return null;
    }
  }

  /** A re-dispatch running in its request's context until it returns. */
  private static final class Redispatch {
    final Scope scope;

    Redispatch(Scope scope) {
      this.scope = scope;
    }
  }

  /** Reads propagation headers off the request; servlet header names are case-insensitive. */
  private final class HeadersGetter implements TextMapGetter<REQ> {

    @Override
    public Iterable<String> keys(REQ request) {
      return request == null ? Collections.<String>emptyList() : Collections.list(api.headerNames(request));
    }

    @Override
    public String get(REQ request, String key) {
      return request == null ? null : api.header(request, key);
    }
  }
}
