package dev.sightline.instrumentation.httpurlconnection;

import dev.sightline.agent.http.HttpClientTracer;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Keeps each connection's in-flight span until its response is read. Weak keys: a
 * connection the application abandons before reading takes its entry with it. An ended span
 * leaves a marker behind: a connection object carries one request, and the JDK keeps
 * answering getInputStream from it (clearing its "connected" flag after an empty body), which
 * must not start a second span.
 */
final class ConnectionHandler extends Handler {

  private static final Object ENDED = new Object();

  private final HttpClientTracer tracer;
  private final Map<HttpURLConnection, Object> inFlight = Collections.synchronizedMap(new WeakHashMap<>());

  ConnectionHandler(Telemetry telemetry) {
    this.tracer = new HttpClientTracer(telemetry, "http-url-connection");
  }

  @Override
  public Object enter(Object connection, Object argument) {
    if (connection instanceof HttpURLConnection && !CallDepth.suppressed()) {
      begin((HttpURLConnection) connection);
    }
    return null;
  }

  /** {@code method} is the instrumented method's name, passed by the advice. */
  @Override
  public void exit(Object method, Object connection, Object result, Throwable error) {
    if (!(connection instanceof HttpURLConnection)) {
      return;
    }
    if ("getInputStream".equals(method)) {
      finish((HttpURLConnection) connection, error);
    } else if (error != null) {
      fail((HttpURLConnection) connection, error);
    }
  }

  /**
   * connect or getOutputStream failed: there is no response, and asking for one would make
   * the JDK connect again (doubling a connect timeout).
   */
  private void fail(HttpURLConnection connection, Throwable error) {
    Object state = inFlight.replace(connection, ENDED);
    if (state instanceof HttpClientTracer.Call) {
      ((HttpClientTracer.Call) state).end(-1, error);
    }
  }

  private void begin(HttpURLConnection connection) {
    if (inFlight.containsKey(connection) || !canAddHeaders(connection)) {
      return;
    }
    HttpClientTracer.Call call = tracer.start(connection.getRequestMethod(), uriOf(connection));
    for (Map.Entry<String, String> header : call.headers().entrySet()) {
      connection.setRequestProperty(header.getKey(), header.getValue());
    }
    inFlight.put(connection, call);
  }

  /** Ends the span: an HTTP error status thrown as IOException is a response, not a failure. */
  private void finish(HttpURLConnection connection, Throwable error) {
    Object state = inFlight.replace(connection, ENDED);
    if (!(state instanceof HttpClientTracer.Call)) {
      return;
    }
    HttpClientTracer.Call call = (HttpClientTracer.Call) state;
    int status = -1;
    // getResponseCode re-enters getInputStream; the depth keeps that call quiet.
    CallDepth.enter(CallDepth.HTTP_CLIENT);
    try {
      status = connection.getResponseCode();
    } catch (IOException | RuntimeException e) {
      // no response: the original error stands
    } finally {
      CallDepth.exit(CallDepth.HTTP_CLIENT);
    }
    call.end(status, status > 0 ? null : error);
  }

  /**
   * Request properties can only be set before connecting. getRequestProperties() throws once
   * connected (the JDK's getRequestProperty(key) does not, so it cannot tell).
   */
  private static boolean canAddHeaders(HttpURLConnection connection) {
    try {
      connection.getRequestProperties();
      return true;
    } catch (IllegalStateException alreadyConnected) {
      return false;
    }
  }

  private static URI uriOf(HttpURLConnection connection) {
    try {
      return connection.getURL().toURI();
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }
}
