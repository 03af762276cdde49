package dev.sightline.apps.shop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /orders} with {@code {"product":"book","quantity":2}}: prices the order, checks the
 * inventory, stores it, tells the warehouse over Kafka and the audit trail over AMQP; answers 201.
 * An unknown product answers 422, a failing dependency 502 or 503. {@code GET /orders/{id}} shows
 * an order, with its status (PLACED, then SHIPPED once the warehouse took the event).
 */
final class OrdersRoute implements HttpHandler {

  private final ShopClients clients;
  private final OrderDatabase database;
  private final OrderEvents events;
  private final AuditTrail audit;

  OrdersRoute(ShopClients clients, OrderDatabase database, OrderEvents events, AuditTrail audit) {
    this.clients = clients;
    this.database = database;
    this.events = events;
    this.audit = audit;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (method.equals("POST") && (path.equals("/orders") || path.equals("/orders/"))) {
        place(exchange);
      } else if (method.equals("GET") && path.startsWith("/orders/") && path.length() > "/orders/".length()) {
        show(exchange, path.substring("/orders/".length()));
      } else {
        Exchanges.respond(exchange, 405, JsonText.error("use POST /orders or GET /orders/{id}"));
      }
    }
  }

  private void place(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String product = JsonText.field(body, "product");
    int quantity;
    try {
      quantity = Integer.parseInt(Optional.ofNullable(JsonText.field(body, "quantity")).orElse("1"));
    } catch (NumberFormatException e) {
      quantity = -1;
    }
    if (product == null || product.isBlank() || quantity < 1 || quantity > 1000) {
      Exchanges.respond(exchange, 400, JsonText.error("expected {\"product\":\"book\",\"quantity\":2}"));
      return;
    }
    String orderId = UUID.randomUUID().toString();
    try {
      ShopClients.Answer price = clients.price(product, quantity);
      if (price.status() == 404) {
        Exchanges.respond(exchange, 422, JsonText.error("unknown product " + product));
        return;
      }
      if (price.status() != 200) {
        Exchanges.respond(exchange, 502, JsonText.error("pricing answered " + price.status()));
        return;
      }
      ShopClients.Answer stock = clients.inventory(product, quantity);
      if (stock.status() != 200) {
        Exchanges.respond(exchange, 502, JsonText.error("inventory answered " + stock.status()));
        return;
      }
      BigDecimal total = new BigDecimal(JsonText.field(price.body(), "total"));
      database.insertOrder(orderId, product, quantity, total);
      events.orderPlaced(orderId, JsonText.object(Map.of("orderId", orderId, "product", product, "quantity", quantity)));
      audit.publish(orderId, "order-placed");
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("orderId", orderId);
      answer.put("product", product);
      answer.put("quantity", quantity);
      answer.put("total", total);
      answer.put("status", "PLACED");
      Exchanges.respond(exchange, 201, JsonText.object(answer));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Exchanges.respond(exchange, 503, JsonText.error("interrupted"));
    } catch (Exception e) {
      System.err.println("shop: order " + orderId + " failed: " + e);
      Exchanges.respond(exchange, 503, JsonText.error("order not placed: " + e.getClass().getSimpleName()));
    }
  }

  private void show(HttpExchange exchange, String orderId) throws IOException {
    try {
      Optional<Map<String, Object>> order = database.findOrder(orderId);
      if (order.isPresent()) {
        Exchanges.respond(exchange, 200, JsonText.object(order.get()));
      } else {
        Exchanges.respond(exchange, 404, JsonText.error("no order " + orderId));
      }
    } catch (Exception e) {
      Exchanges.respond(exchange, 503, JsonText.error("database unavailable"));
    }
  }
}
