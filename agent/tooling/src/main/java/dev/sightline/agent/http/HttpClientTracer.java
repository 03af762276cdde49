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
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** CLIENT spans, header injection and the client duration metric for any HTTP client. */
public final class HttpClientTracer {

  private static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  private static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");

  private final Tracer tracer;
  private final Telemetry telemetry;

  public HttpClientTracer(Telemetry telemetry, String instrumentationName) {
    this.telemetry = telemetry;
    this.tracer = telemetry.tracer(instrumentationName);
  }

  /** One logical request, however many resends the client makes for it. */
  public final class Call extends Operation {
    private final String method;
    private final String host;
    private final int port;

    Call(Span span, Context context, String method, String host, int port) {
      super(span, context);
      this.method = method;
      this.host = host;
      this.port = port;
    }

    /** The headers that carry this span's context to the server. */
    public Map<String, String> headers() {
      Map<String, String> headers = new LinkedHashMap<>(4);
      telemetry.propagator().inject(context, headers, (carrier, key, value) -> carrier.put(key, value));
      return headers;
    }

    public void resendCount(int resends) {
      if (resends > 0) {
        span.setAttribute(RESEND_COUNT, (long) resends);
      }
    }

    /** Ends the span, records the metric and the dependency's outcome; status ≤ 0 if none. */
    public void end(int status, Throwable error) {
      if (!claimEnd()) {
        return;
      }
      String errorType = null;
      if (status > 0) {
        span.setAttribute(HttpServerTracer.STATUS, SharedValues.of(status));
        if (status >= 400) {
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
        span.setAttribute(HttpServerTracer.ERROR_TYPE, errorType);
      }
      span.end();
      telemetry.httpMetrics().recordClient(elapsedSeconds(), method, status, host, port, errorType, span);
      String dependency = host == null ? null : host + ':' + port;
      if (errorType == null || (error == null && status < 500)) {
        telemetry.dependencies().success("http", dependency);
      } else {
        telemetry.dependencies().failure("http", dependency, errorType);
      }
    }
  }

  /** Starts a CLIENT span under the current context; null when the agent is talking itself. */
  public Call start(String method, URI uri) {
    String normalized = HttpSemantics.method(method);
    String host = uri == null ? null : uri.getHost();
    int port = uri == null ? -1 : uri.getPort();
    if (port < 0 && uri != null) {
      port = HttpSemantics.defaultPort(uri.getScheme());
    }
    Context parent = Context.current();
    SpanBuilder builder =
        tracer
            .spanBuilder(HttpSemantics.OTHER_METHOD.equals(normalized) ? "HTTP" : normalized)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(parent)
            .setAttribute(HttpServerTracer.METHOD, normalized);
    if (!normalized.equals(method) && method != null) {
      builder.setAttribute(HttpServerTracer.METHOD_ORIGINAL, method);
    }
    if (uri != null) {
      builder.setAttribute(URL_FULL, HttpSemantics.redactUrl(uri.toString()));
    }
    HttpServerTracer.setIfPresent(builder, HttpServerTracer.SERVER_ADDRESS, host);
    if (port > 0) {
      builder.setAttribute(HttpServerTracer.SERVER_PORT, SharedValues.of(port));
    }
    Span span = builder.startSpan();
    return new Call(span, parent.with(span), normalized, host, port);
  }
}
