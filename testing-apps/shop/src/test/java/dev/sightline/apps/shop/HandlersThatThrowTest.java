package dev.sightline.apps.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Nothing the agent does wrong reaches the application: with the test-only switch
 * {@code sightline.test.handlers-fail=true} every handler behind every piece of advice throws (HTTP
 * server and clients, JDBC, Kafka, AMQP, the thread hand-offs), and the shop still answers every
 * request as it does without the agent, ships its orders through Kafka and audits them through AMQP.
 * The agent counts the failures, which proves its handlers were called.
 */
class HandlersThatThrowTest {

  @Test
  void theShopWorksAsWithoutTheAgentWhileEveryHandlerThrows() {
    try (RunningShop shop = RunningShop.start("shop-handlers-fail", Map.of("sightline.test.handlers-fail", "true"))) {
      Http.Response placed = shop.order("book", 2);
      assertEquals(201, placed.status(), placed.body());
      String orderId = (String) Json.object(placed.body()).get("orderId");
      assertEquals(422, shop.order("no-such-product", 1).status(), "an unknown product is refused as always");
      assertEquals(400, Http.post(shop.url("/orders"), "not json", "Content-Type", "application/json").status());

      // The Kafka consumer shipped it and the AMQP consumer audited it.
      Map<String, Object> order = shop.awaitOrder(orderId,
          o -> "SHIPPED".equals(o.get("status")) && Long.valueOf(1).equals(o.get("auditRecords")));
      assertEquals("book", order.get("product"));
      assertEquals(404, Http.get(shop.url("/orders/no-such-order")).status());

      // The agent's own endpoint still serves, and counted what it swallowed.
      assertEquals(200, Http.get(shop.app.endpointUrl("/live")).status());
      shop.app.assertHandlerFailuresStayedInside(10);
      assertTrue(shop.app.log().lines().noneMatch(line -> line.startsWith("shop: order ") && line.contains("failed")),
          "no order failed: " + shop.app.logFile());
    }
  }
}
