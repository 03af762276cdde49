package dev.sightline.instrumentation.jdkhttpserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import dev.sightline.agent.http.HostAndPort;
import dev.sightline.agent.http.HttpSemantics;
import dev.sightline.agent.http.HttpServerTracer;
import dev.sightline.agent.http.ServerRequest;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Collections;

/** Starts the SERVER span of an exchange, current while the filters and handler run. */
final class ExchangeHandler extends Handler {

  private final HttpServerTracer tracer;

  ExchangeHandler(Telemetry telemetry) {
    this.tracer = new HttpServerTracer(telemetry, "jdk-http-server");
  }

  @Override
  public Object enter(Object target, Object argument) {
    if (!(argument instanceof HttpExchange) || CallDepth.suppressed()) {
      return null;
    }
    HttpExchange exchange = (HttpExchange) argument;
    HttpServerTracer.Call call = tracer.start(requestOf(exchange), exchange.getRequestHeaders(), HeadersGetter.INSTANCE);
    call.makeCurrent();
    return call;
  }

  @Override
  public void exit(Object state, Object target, Object exchange, Throwable error) {
    if (!(state instanceof HttpServerTracer.Call)) {
      return;
    }
    HttpServerTracer.Call call = (HttpServerTracer.Call) state;
    call.closeScope();
    int status = exchange instanceof HttpExchange ? ((HttpExchange) exchange).getResponseCode() : -1;
    call.end(status, error);
  }

  static ServerRequest requestOf(HttpExchange exchange) {
    ServerRequest request = new ServerRequest();
    request.method = exchange.getRequestMethod();
    request.scheme = exchange instanceof HttpsExchange ? "https" : "http";
    URI uri = exchange.getRequestURI();
    if (uri != null) {
      request.path = uri.getRawPath();
      request.query = uri.getRawQuery();
    }
    request.route = exchange.getHttpContext() == null ? null : exchange.getHttpContext().getPath();
    Headers headers = exchange.getRequestHeaders();
    HostAndPort host = HostAndPort.parse(headers.getFirst("Host"));
    if (host != null) {
      request.serverAddress = host.host;
      request.serverPort = host.port > 0 ? host.port : HttpSemantics.defaultPort(request.scheme);
    } else {
      InetSocketAddress local = exchange.getLocalAddress();
      if (local != null) {
        request.serverAddress = local.getHostString();
        request.serverPort = local.getPort();
      }
    }
    InetSocketAddress remote = exchange.getRemoteAddress();
    if (remote != null) {
      request.clientAddress = ClientAddresses.text(remote);
    }
    request.userAgent = headers.getFirst("User-Agent");
    request.protocolVersion = HttpSemantics.protocolVersion(exchange.getProtocol());
    return request;
  }

  /** Reads propagation headers; the JDK's Headers map is already case-insensitive. */
  enum HeadersGetter implements TextMapGetter<Headers> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Headers headers) {
      return headers == null ? Collections.<String>emptySet() : headers.keySet();
    }

    @Override
    public String get(Headers headers, String key) {
      return headers == null ? null : headers.getFirst(key);
    }
  }
}
