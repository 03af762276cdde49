package dev.sightline.apps.otelapi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** One route of the app's JDK HttpServer: it answers or throws, and an exception becomes a 500. */
@FunctionalInterface
interface Route {

  Answer handle(HttpExchange exchange) throws Exception;

  /** Mounts the route at {@code path}; the answer is always written, so no client waits on a failed handler. */
  static void mount(HttpServer server, String path, Route route) {
    server.createContext(path, exchange -> {
      Answer answer;
      try {
        answer = route.handle(exchange);
      } catch (Exception e) {
        answer = Answer.of(500, "error", String.valueOf(e));
      }
      write(exchange, answer);
    });
  }

  /** The query parameter's value, or "" when absent. */
  static String param(HttpExchange exchange, String name) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null) {
      return "";
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  private static void write(HttpExchange exchange, Answer answer) throws IOException {
    byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
