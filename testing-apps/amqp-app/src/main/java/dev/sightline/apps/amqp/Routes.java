package dev.sightline.apps.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The HTTP routes. */
final class Routes {

  private Routes() {}

  /** POST /messages?route=created|audit|broadcast|pending[&amp;exchange=default] with the body to send. */
  static final class Messages implements HttpHandler {
    private final Publisher publisher;

    Messages(Publisher publisher) {
      this.publisher = publisher;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        if (!"POST".equals(exchange.getRequestMethod())) {
          respond(exchange, 405, "{\"error\":\"POST only\"}");
          return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String route = query.getOrDefault("route", Topology.CREATED);
        boolean viaDefault = "default".equals(query.get("exchange"));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        try {
          String messageId = publisher.publish(route, viaDefault, body);
          respond(exchange, 202, "{\"messageId\":" + json(messageId) + "}");
        } catch (IllegalArgumentException e) {
          respond(exchange, 400, "{\"error\":" + json(e.getMessage()) + "}");
        } catch (IOException | RuntimeException e) {
          respond(exchange, 503, "{\"error\":" + json(String.valueOf(e)) + "}");
        }
      }
    }
  }

  /** GET /get: one basicGet on the pending queue; 204 when it is empty. */
  static final class Get implements HttpHandler {
    private final Channel channel;
    private final String queue;

    Get(Channel channel, String queue) {
      this.channel = channel;
      this.queue = queue;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        GetResponse response;
        try {
          synchronized (channel) {
            response = channel.basicGet(queue, true);
          }
        } catch (IOException | RuntimeException e) {
          respond(exchange, 503, "{\"error\":" + json(String.valueOf(e)) + "}");
          return;
        }
        if (response == null) {
          exchange.sendResponseHeaders(204, -1);
          return;
        }
        Object xApp = response.getProps().getHeaders() == null ? null : response.getProps().getHeaders().get("x-app");
        respond(exchange, 200,
            "{\"messageId\":" + json(response.getProps().getMessageId())
                + ",\"contentType\":" + json(response.getProps().getContentType())
                + ",\"xApp\":" + json(xApp == null ? null : xApp.toString())
                + ",\"body\":" + json(new String(response.getBody(), StandardCharsets.UTF_8)) + "}");
      }
    }
  }

  /** GET /received: every message the consumers processed, oldest first. */
  static final class ReceivedMessages implements HttpHandler {
    private final OrderStore store;

    ReceivedMessages(OrderStore store) {
      this.store = store;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        List<OrderStore.Received> received = store.received();
        StringJoiner array = new StringJoiner(",", "[", "]");
        for (OrderStore.Received message : received) {
          array.add("{\"consumer\":" + json(message.consumer())
              + ",\"queue\":" + json(message.queue())
              + ",\"exchange\":" + json(message.exchange())
              + ",\"routingKey\":" + json(message.routingKey())
              + ",\"messageId\":" + json(message.messageId())
              + ",\"contentType\":" + json(message.contentType())
              + ",\"appId\":" + json(message.appId())
              + ",\"xApp\":" + json(message.xApp())
              + ",\"traceparentHeader\":" + message.traceparentHeader()
              + ",\"body\":" + json(message.body())
              + ",\"downstreamStatus\":" + message.downstreamStatus() + "}");
        }
        respond(exchange, 200, array.toString());
      }
    }
  }

  /** GET /downstream: what the consumers call for each message. */
  static final class Downstream implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        respond(exchange, 200, "{\"ok\":true}");
      }
    }
  }

  static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static Map<String, String> query(String rawQuery) {
    Map<String, String> values = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return values;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.put(
          java.net.URLDecoder.decode(key, StandardCharsets.UTF_8), java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  static String json(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
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
