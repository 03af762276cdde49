package dev.sightline.instrumentation.apachehttpclient5;

import dev.sightline.agent.http.HttpClientTracer;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.AgentLog;
import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.protocol.RedirectLocations;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * A CLIENT span around one classic execution. The request is mutable, so the trace headers
 * are set on it; the client copies them onto the requests of redirects and retries.
 */
final class ExecuteHandler extends Handler {

  private final HttpClientTracer tracer;

  ExecuteHandler(Telemetry telemetry) {
    this.tracer = new HttpClientTracer(telemetry, "apache-httpclient-5");
  }

  /** The span and the context the execution runs with. */
  private static final class Execution {
    final HttpClientTracer.Call call;
    HttpClientContext context;

    Execution(HttpClientTracer.Call call) {
      this.call = call;
    }
  }

  @Override
  public Object enter(Object target, Object request) {
    if (!(request instanceof ClassicHttpRequest) || CallDepth.suppressed()) {
      return null;
    }
    ClassicHttpRequest httpRequest = (ClassicHttpRequest) request;
    HttpClientTracer.Call call = tracer.start(httpRequest.getMethod(), uriOf((HttpHost) target, httpRequest));
    for (Map.Entry<String, String> header : call.headers().entrySet()) {
      httpRequest.setHeader(header.getKey(), header.getValue());
    }
    return new Execution(call);
  }

  @Override
  public Object argument(Object state, Object context) {
    if (!(state instanceof Execution)) {
      return context;
    }
    Execution execution = (Execution) state;
    if (context == null) {
      execution.context = HttpClientContext.create();
      return execution.context;
    }
    if (context instanceof HttpClientContext) {
      execution.context = (HttpClientContext) context;
    }
    return context;
  }

  @Override
  public void exit(Object state, Object target, Object response, Throwable error) {
    if (!(state instanceof Execution)) {
      return;
    }
    Execution execution = (Execution) state;
    if (execution.context != null) {
      RedirectLocations redirects = execution.context.getRedirectLocations();
      if (redirects != null) {
        execution.call.resendCount(redirects.size());
      }
    }
    int status = response instanceof HttpResponse ? ((HttpResponse) response).getCode() : -1;
    execution.call.end(status, error);
  }

  /** The absolute URI: the request's own, or its path resolved against the target host. */
  static URI uriOf(HttpHost target, HttpRequest request) {
    try {
      if (target != null && request.getAuthority() == null) {
        String path = request.getRequestUri();
        if (path == null) {
          path = "";
        } else if (!path.startsWith("/")) {
          path = "/" + path;
        }
        return new URI(target.toURI() + path);
      }
      return request.getUri();
    } catch (URISyntaxException | RuntimeException e) {
      AgentLog.warnOnce("apache-httpclient-5-uri", "could not read a request URI; the span has no url.full", e);
      return null;
    }
  }
}
