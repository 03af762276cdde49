package dev.sightline.apps.kafka;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;

/** {@code POST /orders} publishes the body as an order; {@code GET /orders} counts processed ones. */
final class OrdersRoute implements HttpHandler {

  private final OrderPublisher publisher;
  private final OrderStore store;

  OrdersRoute(OrderPublisher publisher, OrderStore store) {
    this.publisher = publisher;
    this.store = store;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      switch (exchange.getRequestMethod()) {
        case "POST" -> publish(exchange);
        case "GET" -> count(exchange);
        default -> respond(exchange, 405, "{\"error\":\"method not allowed\"}");
      }
    }
  }

  private void publish(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String orderId = UUID.randomUUID().toString();
    try {
      RecordMetadata metadata = publisher.publish(orderId, body).get(10, TimeUnit.SECONDS);
      respond(exchange, 202, "{\"orderId\":\"" + orderId + "\",\"partition\":" + metadata.partition()
          + ",\"offset\":" + metadata.offset() + "}");
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      System.out.println("order " + orderId + " not published: " + cause.getClass().getSimpleName());
      respond(exchange, 503, "{\"error\":\"order not published\"}");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(exchange, 503, "{\"error\":\"interrupted\"}");
    }
  }

  private void count(HttpExchange exchange) throws IOException {
    try {
      respond(exchange, 200, "{\"processed\":" + store.count() + "}");
    } catch (SQLException e) {
      respond(exchange, 500, "{\"error\":\"database unavailable\"}");
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
}
