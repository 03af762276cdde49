package dev.sightline.apps.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.ReceivedSpan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code --load}: the shop's own trickle of orders, some failing (an unknown product: pricing 404,
 * order 422; the discontinued one: inventory 503, order 502). The failures are counted by their
 * {@code error_type} while the app stays live, ready and able to take orders.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShopLoadTest {

  private RunningShop shop;

  @BeforeAll
  void startShop() {
    // Faster than the default 2/s so that the ~15% failures show up within seconds.
    shop = RunningShop.start("shop-load", "--load", "--load-rate", "8");
  }

  @AfterAll
  void stopShop() {
    if (shop != null) {
      shop.close();
    }
  }

  @Test
  void failingOrdersAreCountedByErrorTypeWhileTheShopStaysHealthy() {
    MetricsScrape scrape = shop.awaitMetrics(s ->
        s.sum("http_server_request_duration_seconds_count", "http_route", "/orders", "http_response_status_code", "201") >= 5
            && s.sum("http_server_request_duration_seconds_count", "http_route", "/orders", "http_response_status_code", "422") >= 1
            && s.sum("http_server_request_duration_seconds_count", "http_route", "/orders", "error_type", "502") >= 1);

    // A 4xx answer is the client's error: no error_type on the server side, but the calling client counts it.
    assertTrue(scrape.sum("http_server_request_duration_seconds_count", "http_route", "/orders",
        "http_response_status_code", "422", "error_type", "") >= 1);
    assertTrue(scrape.sum("http_server_request_duration_seconds_count", "http_route", "/inventory",
        "error_type", "503") >= 1, "the warehouse system's failures");
    assertTrue(scrape.sum("http_client_request_duration_seconds_count", "error_type", "404") >= 1, "pricing's 404s");
    assertTrue(scrape.sum("http_client_request_duration_seconds_count", "error_type", "503") >= 1, "inventory's 503s");
    assertTrue(scrape.sum("http_client_request_duration_seconds_count", "error_type", "422") >= 1,
        "the load loop's own client sees the 422s");
    assertTrue(scrape.sum("messaging_client_sent_messages_total", "messaging_system", "kafka", "error_type", "") >= 5);
    assertEquals(scrape.sum("messaging_client_sent_messages_total", "messaging_system", "kafka"),
        scrape.sum("messaging_client_sent_messages_total", "messaging_system", "kafka", "error_type", ""), "no failed sends");

    // A failed order's trace stops at the failing call: nothing stored, nothing sent.
    ReceivedSpan rejected = shop.receiver.awaitSpan(s -> s.kind().equals("SERVER") && s.name().equals("POST /orders")
        && Long.valueOf(422).equals(s.longAttr("http.response.status_code")), RunningShop.PATIENCE);
    RunningShop.sleep(500);
    List<ReceivedSpan> trace = shop.receiver.trace(rejected.traceId());
    assertTrue(trace.stream().anyMatch(s -> s.kind().equals("CLIENT") && "404".equals(s.attr("error.type"))
        && rejected.spanId().equals(s.parentSpanId())), "the pricing call failed with 404: " + trace);
    assertTrue(trace.stream().noneMatch(s -> s.kind().equals("PRODUCER") || s.name().startsWith("INSERT")), trace.toString());
    ReceivedSpan failed = shop.receiver.awaitSpan(s -> s.kind().equals("SERVER") && s.name().equals("POST /orders")
        && "502".equals(s.attr("error.type")), RunningShop.PATIENCE);
    assertEquals("ERROR", failed.statusCode(), failed.toString());

    // Healthy through it all.
    assertEquals(200, Http.get(shop.app.endpointUrl("/live")).status());
    assertEquals(200, Http.get(shop.app.endpointUrl("/ready")).status());
    Http.Response health = Http.get(shop.app.endpointUrl("/health"));
    assertEquals(200, health.status(), health.body());
    Map<String, Object> body = shop.health();
    assertTrue(List.of("UP", "DEGRADED").contains(body.get("status")), body.toString());
    List<Map<String, Object>> dependencies = ShopTraceTest.dependencies(body);
    ShopTraceTest.assertDependency(dependencies, "db", "h2database:shop");
    ShopTraceTest.assertDependency(dependencies, "kafka", shop.kafkaBootstrap);
    ShopTraceTest.assertDependency(dependencies, "rabbitmq", shop.amqpAddress);
    assertEquals(201, shop.order("book", 1).status(), "still taking orders");
    assertTrue(shop.app.isAlive());
    assertFalse(shop.app.log().contains("shop: order "), "no order failed with an exception:\n" + shop.app.log());
  }
}
