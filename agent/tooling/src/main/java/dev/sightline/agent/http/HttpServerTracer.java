package dev.sightline.agent.http;

import dev.sightline.agent.telemetry.Operation;
import dev.sightline.agent.telemetry.SharedValues;
import dev.sightline.agent.telemetry.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapGetter;

/** SERVER spans and the server duration metric for any HTTP server instrumentation. */
public final class HttpServerTracer {

  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> QUERY = AttributeKey.stringKey("url.query");
  private static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
  private static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
  private static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");

  private static final ContextKey<CurrentCall> CURRENT = ContextKey.named("sightline-server-call");

  private final Tracer tracer;
  private final Telemetry telemetry;

  public HttpServerTracer(Telemetry telemetry, String instrumentationName) {
    this.telemetry = telemetry;
    this.tracer = telemetry.tracer(instrumentationName);
  }

  /** One in-flight request. */
  public final class Call extends Operation {
    private final String method;
    private volatile String route;
    private volatile boolean frameworkRoute;

    Call(Span span, Context context, String method, String route) {
      super(span, context);
      this.method = method;
      this.route = route;
    }

    /**
     * The route a framework matched (Spring MVC, JAX-RS): a template, finer than the servlet
     * mapping the span started with. The first one wins, so an error page the framework renders
     * later (its own route) does not replace the route of the handler that failed.
     */
    public void frameworkRoute(String template) {
      if (template == null || template.isEmpty() || frameworkRoute || ended()) {
        return;
      }
      frameworkRoute = true;
      route = template;
      span.setAttribute(ROUTE, template);
      span.updateName(ServerSpanNames.of(method, template));
    }

    /** Ends the span and records the metric; {@code status} ≤ 0 when no response was sent. */
    public void end(int status, Throwable error) {
      if (!claimEnd()) {
        return;
      }
      String errorType = null;
      if (status > 0) {
        span.setAttribute(STATUS, SharedValues.of(status));
        if (status >= 500) {
          errorType = Integer.toString(status);
          span.setStatus(StatusCode.ERROR);
        }
      }
      if (error != null) {
        errorType = HttpSemantics.errorType(error);
        span.recordException(error);
        span.setStatus(StatusCode.ERROR);
      }
      if (errorType != null) {
        span.setAttribute(ERROR_TYPE, errorType);
      }
      span.end();
      telemetry.httpMetrics().recordServer(elapsedSeconds(), method, status, route, errorType, span);
    }
  }

  /** Starts a SERVER span whose parent is taken from the request's headers. */
  public <C> Call start(ServerRequest request, C carrier, TextMapGetter<C> headers) {
    Context parent = telemetry.propagator().extract(Context.root(), carrier, headers);
    String method = HttpSemantics.method(request.method);
    String name = ServerSpanNames.of(method, request.route);
    SpanBuilder builder =
        tracer.spanBuilder(name).setSpanKind(SpanKind.SERVER).setParent(parent).setAttribute(METHOD, method);
    if (!method.equals(request.method) && request.method != null) {
      builder.setAttribute(METHOD_ORIGINAL, request.method);
    }
    setIfPresent(builder, SCHEME, request.scheme);
    setIfPresent(builder, PATH, request.path);
    setIfPresent(builder, QUERY, HttpSemantics.redactQuery(request.query));
    setIfPresent(builder, ROUTE, request.route);
    setIfPresent(builder, SERVER_ADDRESS, SharedValues.of(request.serverAddress));
    if (request.serverPort > 0) {
      builder.setAttribute(SERVER_PORT, SharedValues.of(request.serverPort));
    }
    // client.port is opt-in in the conventions: a new value per connection, bytes in every span for little use
    setIfPresent(builder, CLIENT_ADDRESS, SharedValues.of(request.clientAddress));
    setIfPresent(builder, USER_AGENT, SharedValues.of(request.userAgent));
    setIfPresent(builder, PROTOCOL_VERSION, request.protocolVersion);
    Span span = builder.startSpan();
    CurrentCall holder = new CurrentCall();
    Call call = new Call(span, parent.with(span).with(CURRENT, holder), method, request.route);
    holder.call = call;
    return call;
  }

  /**
   * The server request whose span is current, for a framework that matches routes away from the
   * server's own code (JAX-RS on any server); null outside a traced request.
   */
  public static Call current() {
    CurrentCall holder = Context.current().get(CURRENT);
    return holder == null ? null : holder.call;
  }

  /** Set right after the call is made: the call's context has to name the call itself. */
  private static final class CurrentCall {
    Call call;
  }

  static void setIfPresent(SpanBuilder builder, AttributeKey<String> key, String value) {
    if (value != null && !value.isEmpty()) {
      builder.setAttribute(key, value);
    }
  }
}
