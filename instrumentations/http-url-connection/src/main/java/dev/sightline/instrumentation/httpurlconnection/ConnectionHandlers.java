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
 * connection the application abandons before reading takes its entry with it.
 */
final class ConnectionHandlers {

  private final HttpClientTracer tracer;
  private final Map<HttpURLConnection, HttpClientTracer.Call> inFlight = Collections.synchronizedMap(new WeakHashMap<>());

  ConnectionHandlers(Telemetry telemetry) {
    this.tracer = new HttpClientTracer(telemetry, "http-url-connection");
  }

  Handler start() {
    return new Handler() {
      @Override
      public Object enter(Object target, Object argument) {
        if (target instanceof HttpURLConnection && !CallDepth.suppressed()) {
          begin((HttpURLConnection) target);
        }
        return null;
      }

      @Override
      public void exit(Object state, Object target, Object result, Throwable error) {
        if (error != null && target instanceof HttpURLConnection) {
          finish((HttpURLConnection) target, error);
        }
      }
    };
  }

  Handler response() {
    return new Handler() {
      @Override
      public void exit(Object state, Object target, Object result, Throwable error) {
        if (target instanceof HttpURLConnection) {
          finish((HttpURLConnection) target, error);
        }
      }
    };
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
    HttpClientTracer.Call call = inFlight.remove(connection);
    if (call == null) {
      return;
    }
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

  /** Request properties can only be set before connecting; reading one tells which it is. */
  private static boolean canAddHeaders(HttpURLConnection connection) {
    try {
      connection.getRequestProperty("traceparent");
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
