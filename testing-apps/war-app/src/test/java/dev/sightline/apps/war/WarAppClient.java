package dev.sightline.apps.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import java.util.Map;
import java.util.function.Predicate;

/** One deployment of the webapp, seen from the test: its context, its names, its order route. */
final class WarAppClient {

  final StandaloneContainer container;
  final String context;
  /** What the deployment's /info answered: names, kafka-clients version, container. */
  final Map<String, Object> info;

  WarAppClient(StandaloneContainer container, String context) {
    this.container = container;
    this.context = context;
    Http.Response response = container.awaitOk("/" + context + "/info", StandaloneContainer.STARTUP);
    this.info = Json.object(response.body());
  }

  String path(String path) {
    return "/" + context + path;
  }

  String url(String path) {
    return container.url(path(path));
  }

  String info(String key) {
    return String.valueOf(info.get(key));
  }

  String topic() {
    return info("topic");
  }

  String group() {
    return info("group");
  }

  String exchange() {
    return info("exchange");
  }

  String queue() {
    return info("queue");
  }

  String database() {
    return info("database");
  }

  /** POSTs an order inside the caller's trace and returns the order id. */
  String placeOrder(String product, int quantity, String traceparent) {
    Http.Response placed = Http.post(url("/orders"),
        "{\"product\":\"" + product + "\",\"quantity\":" + quantity + "}",
        "Content-Type", "application/json", "traceparent", traceparent);
    assertEquals(201, placed.status(), placed.body() + "\n" + container.failure("order failed").getMessage());
    String orderId = (String) Json.object(placed.body()).get("orderId");
    assertNotNull(orderId, placed.body());
    return orderId;
  }

  /** The order as GET /orders/{id} shows it, once {@code condition} holds (the consumers are asynchronous). */
  Map<String, Object> awaitOrder(String orderId, Predicate<Map<String, Object>> condition) {
    Map<String, Object> order = null;
    long deadline = System.nanoTime() + Spans.PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      Http.Response response = Http.get(url("/orders/" + orderId));
      assertEquals(200, response.status(), response.body());
      order = Json.object(response.body());
      if (condition.test(order)) {
        return order;
      }
      StandaloneContainer.sleep(200);
    }
    throw container.failure("order " + orderId + " never reached the expected state: " + order);
  }

  /** Waits until the Kafka consumer marked the order shipped and the AMQP consumer audited it. */
  Map<String, Object> awaitShippedAndAudited(String orderId) {
    return awaitOrder(orderId, o -> "SHIPPED".equals(o.get("status")) && Long.valueOf(1).equals(o.get("auditRecords")));
  }
}
