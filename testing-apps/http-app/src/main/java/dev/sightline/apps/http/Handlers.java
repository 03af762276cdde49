package dev.sightline.apps.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The app's routes, one named handler class per context. */
final class Handlers {

  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String JSON = "application/json";

  private Handlers() {}

  static final class Hello implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) throws IOException {
      respond(exchange, 200, TEXT, "hello");
    }
  }

  /** {@code /api/orders/{id}}. */
  static final class Orders implements HttpHandler {
    private static final String PREFIX = "/api/orders/";

    @Override
    public void handle(HttpExchange exchange) throws IOException {
      String path = exchange.getRequestURI().getPath();
      String id = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
      if (id.isEmpty() || id.contains("/")) {
        respond(exchange, 404, JSON, "{\"error\":\"no such order\"}");
        return;
      }
      respond(exchange, 200, JSON, "{\"id\":\"" + jsonEscape(id) + "\",\"status\":\"new\"}");
    }
  }

  /**
   * Calls the downstream {@code /hello} (or {@code /fail} with {@code ?fail=1}) through
   * HttpClient.send, HttpClient.sendAsync and HttpURLConnection, one after the other.
   */
  static final class Chain implements HttpHandler {
    private final DownstreamCaller caller;

    Chain(DownstreamCaller caller) {
      this.caller = caller;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
      String target = "1".equals(queryParam(exchange, "fail")) ? "/fail" : "/hello";
      String step = "send";
      try {
        int send = caller.viaSend(target);
        step = "sendAsync";
        int sendAsync = caller.viaSendAsync(target);
        step = "urlConnection";
        int urlConnection = caller.viaUrlConnection(target);
        respond(exchange, 200, JSON, "{\"target\":\"" + target + "\",\"send\":" + send
            + ",\"sendAsync\":" + sendAsync + ",\"urlConnection\":" + urlConnection + "}");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        respond(exchange, 502, TEXT, "downstream " + step + " interrupted");
      } catch (IOException | RuntimeException e) {
        respond(exchange, 502, TEXT,
            "downstream " + step + " " + target + " failed: " + describe(e));
      }
    }

    /** The JDK client's ConnectException has no message; the reason is in its cause. */
    private static String describe(Throwable e) {
      Throwable cause = e.getCause();
      return cause == null || cause == e ? e.toString() : e + " (" + cause + ")";
    }
  }

  static final class Fail implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) throws IOException {
      respond(exchange, 500, TEXT, "failed");
    }
  }

  /** Throws without answering; the JDK server then closes the connection. */
  static final class Boom implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) {
      throw new IllegalStateException("boom");
    }
  }

  /** {@code /slow?ms=N}. */
  static final class Slow implements HttpHandler {
    private static final long MAX_MS = 60_000;

    @Override
    public void handle(HttpExchange exchange) throws IOException {
      String ms = queryParam(exchange, "ms");
      long millis;
      try {
        millis = Long.parseLong(ms);
      } catch (NumberFormatException e) {
        millis = -1;
      }
      if (millis < 0 || millis > MAX_MS) {
        respond(exchange, 400, TEXT, "ms must be an integer from 0 to " + MAX_MS + ", got " + ms);
        return;
      }
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        respond(exchange, 503, TEXT, "interrupted");
        return;
      }
      respond(exchange, 200, TEXT, "slept " + millis + " ms");
    }
  }

  /** Lists the request headers as {@code name: value} lines, names lowercased and sorted. */
  static final class EchoHeaders implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) throws IOException {
      // Lowercase because header names are case-insensitive and the JDK server capitalises them.
      Map<String, List<String>> sorted = new TreeMap<>();
      Headers headers = exchange.getRequestHeaders();
      headers.forEach((name, values) ->
          sorted.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>())
              .addAll(values));
      StringBuilder body = new StringBuilder();
      sorted.forEach((name, values) ->
          values.forEach(value -> body.append(name).append(": ").append(value).append('\n')));
      respond(exchange, 200, TEXT, body.toString());
    }
  }

  static final class JvmStateReport implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) throws IOException {
      respond(exchange, 200, TEXT, JvmState.describe());
    }
  }

  static String queryParam(HttpExchange exchange, String name) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String jsonEscape(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
