package dev.sightline.apps.war;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /orders} with {@code {"product":"book","quantity":2}}: prices the order (Apache
 * HttpClient 5 to {@code /pricing}), checks the inventory (JDK HttpClient to {@code /inventory}),
 * stores it (JDBC), tells the warehouse (Kafka) and the audit trail (AMQP); answers 201. An
 * unknown product answers 422, a failing dependency 502 or 503. {@code GET /orders/{id}} shows an
 * order: PLACED, then SHIPPED once the Kafka consumer took the event, with its audit record count.
 */
public final class OrdersServlet extends AppServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (request.getPathInfo() != null && !"/".equals(request.getPathInfo())) {
      respond(response, 405, Json.error("use POST /orders"));
      return;
    }
    String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String product = Json.field(body, "product");
    int quantity;
    try {
      quantity = Integer.parseInt(Optional.ofNullable(Json.field(body, "quantity")).orElse("1"));
    } catch (NumberFormatException e) {
      quantity = -1;
    }
    if (product == null || product.isBlank() || quantity < 1 || quantity > 1000) {
      respond(response, 400, Json.error("expected {\"product\":\"book\",\"quantity\":2}"));
      return;
    }
    WarApp app = app();
    String base = app.config.baseUrl != null ? app.config.baseUrl
        : "http://127.0.0.1:" + request.getLocalPort() + request.getContextPath();
    String query = "?product=" + URLEncoder.encode(product, StandardCharsets.UTF_8) + "&quantity=" + quantity;
    String orderId = UUID.randomUUID().toString();
    try {
      Downstream.Answer price = app.downstream.apacheGet(base + "/pricing" + query);
      if (price.status() == 404) {
        respond(response, 422, Json.error("unknown product " + product));
        return;
      }
      if (price.status() != 200) {
        respond(response, 502, Json.error("pricing answered " + price.status()));
        return;
      }
      Downstream.Answer stock = app.downstream.jdkGet(base + "/inventory" + query);
      if (stock.status() != 200) {
        respond(response, 502, Json.error("inventory answered " + stock.status()));
        return;
      }
      BigDecimal total = new BigDecimal(Json.field(price.body(), "total"));
      app.database.insertOrder(orderId, product, quantity, total);
      app.events.orderPlaced(orderId, Json.object(Map.of("orderId", orderId, "product", product, "quantity", quantity)));
      app.audit.publish(orderId, "order-placed");
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("orderId", orderId);
      answer.put("product", product);
      answer.put("quantity", quantity);
      answer.put("total", total.toPlainString());
      answer.put("status", "PLACED");
      answer.put("kafkaClients", WarApp.kafkaClientsVersion());
      respond(response, 201, Json.object(answer));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(response, 503, Json.error("interrupted"));
    } catch (Exception e) {
      WarApp.log("order " + orderId + " failed: " + e);
      respond(response, 503, Json.error("order not placed: " + e));
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getPathInfo();
    if (path == null || path.length() < 2) {
      respond(response, 405, Json.error("use POST /orders or GET /orders/{id}"));
      return;
    }
    String orderId = path.substring(1);
    try {
      Optional<Map<String, Object>> order = app().database.findOrder(orderId);
      if (order.isPresent()) {
        respond(response, 200, Json.object(order.get()));
      } else {
        respond(response, 404, Json.error("no order " + orderId));
      }
    } catch (Exception e) {
      respond(response, 503, Json.error("database unavailable: " + e));
    }
  }
}
