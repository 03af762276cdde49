package dev.sightline.apps.jdbc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The HTTP API, parameters in the query string:
 *
 * <pre>
 * POST /orders?customer=&amp;item=&amp;quantity=        prepared INSERT        → {"id":N}
 * POST /orders/legacy?customer=&amp;item=&amp;quantity=&amp;card=  plain-statement INSERT → {"id":N}
 * POST /orders/batch?customer=&amp;items=a,b,c         prepared batch INSERT  → {"ids":[...]}
 * POST /orders/import?customer=&amp;items=a,b&amp;card=    plain-statement batch  → {"ids":[...]}
 * GET  /orders/{id}                                 prepared SELECT        → the order, or 404
 * POST /orders/{id}/ship                            prepared UPDATE        → {"shipped":true|false}
 * GET  /fail                                        SELECT on a missing table → 500 with the SQLState
 * </pre>
 */
final class Routes implements HttpHandler {

  private final OrderStore store;

  Routes(OrderStore store) {
    this.store = store;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      List<String> parts = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
      try {
        route(exchange, method, parts, query);
      } catch (SQLException e) {
        respond(exchange, 500, "{\"error\":" + json(e.getClass().getName()) + ",\"sqlState\":" + json(e.getSQLState()) + "}");
      } catch (IllegalArgumentException e) {
        respond(exchange, 400, "{\"error\":" + json(e.getMessage()) + "}");
      }
    }
  }

  private void route(HttpExchange exchange, String method, List<String> parts, Map<String, String> query)
      throws SQLException, IOException {
    if (parts.equals(List.of("fail")) && method.equals("GET")) {
      store.failingQuery();
      respond(exchange, 200, "{}");
      return;
    }
    if (parts.isEmpty() || !parts.get(0).equals("orders")) {
      respond(exchange, 404, "{\"error\":\"no such route\"}");
      return;
    }
    if (parts.size() == 1 && method.equals("POST")) {
      long id = store.insert(required(query, "customer"), required(query, "item"), quantity(query));
      respond(exchange, 201, "{\"id\":" + id + "}");
    } else if (parts.size() == 2 && parts.get(1).equals("legacy") && method.equals("POST")) {
      long id = store.insertLegacy(required(query, "customer"), required(query, "item"), quantity(query), query.get("card"));
      respond(exchange, 201, "{\"id\":" + id + "}");
    } else if (parts.size() == 2 && parts.get(1).equals("batch") && method.equals("POST")) {
      respond(exchange, 201, ids(store.insertBatch(required(query, "customer"), items(query))));
    } else if (parts.size() == 2 && parts.get(1).equals("import") && method.equals("POST")) {
      respond(exchange, 201, ids(store.importLegacy(required(query, "customer"), items(query), query.get("card"))));
    } else if (parts.size() == 2 && method.equals("GET")) {
      Map<String, Object> order = store.find(id(parts.get(1)));
      if (order == null) {
        respond(exchange, 404, "{\"error\":\"no such order\"}");
      } else {
        respond(exchange, 200, order.entrySet().stream()
            .map(e -> json(e.getKey()) + ":" + (e.getValue() instanceof String s ? json(s) : e.getValue()))
            .collect(Collectors.joining(",", "{", "}")));
      }
    } else if (parts.size() == 3 && parts.get(2).equals("ship") && method.equals("POST")) {
      respond(exchange, 200, "{\"shipped\":" + store.ship(id(parts.get(1))) + "}");
    } else {
      respond(exchange, 404, "{\"error\":\"no such route\"}");
    }
  }

  private static String ids(List<Long> ids) {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{\"ids\":[", "]}"));
  }

  private static List<String> items(Map<String, String> query) {
    return Arrays.stream(required(query, "items").split(",")).filter(s -> !s.isBlank()).toList();
  }

  private static int quantity(Map<String, String> query) {
    return (int) id(query.getOrDefault("quantity", "1"));
  }

  private static long id(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + text);
    }
  }

  private static String required(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("missing parameter " + name);
    }
    return value;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> values = new LinkedHashMap<>();
    if (raw == null) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  /** A JSON answer; the other routes of the app answer through it too. */
  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String json(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
