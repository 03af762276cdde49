package dev.sightline.apps.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.ReceivedSpan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The main job as a newcomer runs it: the shop on embedded defaults with the agent. One order is
 * one trace through HTTP server and clients, JDBC, Kafka and AMQP with the right parents; every
 * instrumentation's metrics are on /metrics; every dependency is in /health.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShopTraceTest {

  private RunningShop shop;

  @BeforeAll
  void startShop() {
    shop = RunningShop.start("shop");
  }

  @AfterAll
  void stopShop() {
    if (shop != null) {
      shop.close();
    }
  }

  @Test
  @Order(1)
  void oneOrderIsOneTraceThroughHttpJdbcKafkaAndAmqp() {
    String orderId = placeOrder("book", 2);
    List<ReceivedSpan> trace = awaitOrderTrace(orderId);

    ReceivedSpan server = single(trace, "SERVER", "POST /orders");
    assertTrue(server.isRoot(), "the order request starts the trace: " + server);
    assertEquals(201L, server.longAttr("http.response.status_code"));
    assertEquals("/orders", server.attr("http.route"));
    assertEquals("shop", server.resourceAttr("service.name"));

    ReceivedSpan pricingClient = single(trace, s -> s.kind().equals("CLIENT")
        && s.scopeName().equals("dev.sightline.java-http-client"));
    assertEquals("GET", pricingClient.name());
    assertTrue(pricingClient.attr("url.full").contains("/pricing?product=book"), pricingClient.toString());
    assertEquals(200L, pricingClient.longAttr("http.response.status_code"));
    ReceivedSpan pricingServer = single(trace, "SERVER", "GET /pricing");

    ReceivedSpan inventoryClient = single(trace, s -> s.kind().equals("CLIENT")
        && s.scopeName().equals("dev.sightline.http-url-connection"));
    assertEquals("GET", inventoryClient.name());
    assertTrue(inventoryClient.attr("url.full").contains("/inventory?product=book"), inventoryClient.toString());
    ReceivedSpan inventoryServer = single(trace, "SERVER", "GET /inventory");

    ReceivedSpan insert = single(trace, "CLIENT", "INSERT shop_orders");
    ReceivedSpan send = single(trace, "PRODUCER", "send shop.orders");
    ReceivedSpan shipping = single(trace, "CONSUMER", "process shop.orders");
    ReceivedSpan update = single(trace, "CLIENT", "UPDATE shop_orders");
    ReceivedSpan publish = single(trace, "PRODUCER", "publish shop.audit");
    ReceivedSpan auditing = single(trace, "CONSUMER", "process shop.audit");
    ReceivedSpan auditInsert = single(trace, "CLIENT", "INSERT shop_order_audit");

    // The parents: who caused what.
    assertParent(server, pricingClient);
    assertParent(pricingClient, pricingServer);
    assertParent(server, inventoryClient);
    assertParent(inventoryClient, inventoryServer);
    assertParent(server, insert);
    assertParent(server, send);
    assertParent(send, shipping);
    assertParent(shipping, update);
    assertParent(server, publish);
    assertParent(publish, auditing);
    assertParent(auditing, auditInsert);
    assertEquals(12, trace.size(), "exactly the order's twelve spans, nothing else: " + describe(trace));

    // The order route's work happens in this order, inside the request.
    List<ReceivedSpan> steps = List.of(pricingClient, inventoryClient, insert, send, publish);
    for (int i = 1; i < steps.size(); i++) {
      assertTrue(steps.get(i - 1).startNanos() <= steps.get(i).startNanos(), "step order: " + describe(steps));
    }
    assertTrue(publish.endNanos() <= server.endNanos(), "publishing ends before the answer");

    assertEquals("h2database", insert.attr("db.system.name"));
    assertEquals("dev.sightline.jdbc", insert.scopeName());
    assertEquals("shop_orders", insert.attr("db.collection.name"));
    assertEquals("h2database", update.attr("db.system.name"));
    assertEquals("kafka", send.attr("messaging.system"));
    assertEquals("shop-shipping", shipping.attr("messaging.consumer.group.name"));
    assertEquals("rabbitmq", publish.attr("messaging.system"));
    assertEquals("shop.audit", auditing.attr("messaging.destination.name"));
    assertEquals(orderId, auditing.attr("messaging.message.id"));

    // What the consumers did is in the database.
    Map<String, Object> order = shop.awaitOrder(orderId, o -> "SHIPPED".equals(o.get("status")) && Long.valueOf(1).equals(o.get("auditRecords")));
    assertEquals("book", order.get("product"));
  }

  @Test
  @Order(2)
  void theAgentsTracesEndpointShowsTheSameTrace() {
    String orderId = placeOrder("mug", 1);
    List<ReceivedSpan> exported = awaitOrderTrace(orderId);
    String traceId = exported.get(0).traceId();
    Set<String> exportedIds = exported.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());

    Set<String> shown = new HashSet<>();
    long deadline = System.nanoTime() + RunningShop.PATIENCE.toNanos();
    while (!shown.equals(exportedIds) && System.nanoTime() < deadline) {
      shown.clear();
      Http.Response response = Http.get(shop.app.endpointUrl("/traces?traceId=" + traceId));
      assertEquals(200, response.status(), response.body());
      for (Object trace : (List<?>) Json.object(response.body()).get("traces")) {
        for (Object span : (List<?>) ((Map<?, ?>) trace).get("spans")) {
          shown.add((String) ((Map<?, ?>) span).get("spanId"));
        }
      }
      RunningShop.sleep(200);
    }
    assertEquals(exportedIds, shown, "/traces shows the exported spans of trace " + traceId);
  }

  @Test
  @Order(3)
  void metricsOfEveryInstrumentationAreExposed() {
    placeOrder("pen", 3);
    MetricsScrape scrape = shop.awaitMetrics(s ->
        s.sum("http_server_request_duration_seconds_count", "http_route", "/orders") >= 1
            && s.sum("messaging_process_duration_seconds_count", "messaging_system", "kafka") >= 1
            && s.sum("messaging_process_duration_seconds_count", "messaging_system", "rabbitmq") >= 1
            && s.sum("db_client_operation_duration_seconds_count", "db_operation_name", "UPDATE") >= 1
            && s.sum("db_client_operation_duration_seconds_count", "db_collection_name", "shop_order_audit",
                "db_operation_name", "INSERT") >= 1
            && s.find("messaging_kafka_consumer_lag", "messaging_destination_name", OrderEvents.TOPIC).isPresent());

    for (String route : List.of("/orders", "/pricing", "/inventory")) {
      assertTrue(scrape.sum("http_server_request_duration_seconds_count", "http_route", route) >= 1, route);
    }
    assertTrue(scrape.sum("http_client_request_duration_seconds_count", "server_address", "127.0.0.1",
        "server_port", Integer.toString(shop.port), "http_response_status_code", "200") >= 2,
        "the pricing and inventory calls");
    assertTrue(scrape.sum("db_client_operation_duration_seconds_count", "db_system_name", "h2database",
        "db_operation_name", "INSERT", "db_collection_name", "shop_orders", "error_type", "") >= 1);
    assertTrue(scrape.sum("db_client_operation_duration_seconds_count", "db_system_name", "h2database",
        "db_operation_name", "UPDATE", "db_collection_name", "shop_orders") >= 1);
    assertTrue(scrape.sum("messaging_client_sent_messages_total", "messaging_system", "kafka",
        "messaging_destination_name", OrderEvents.TOPIC, "messaging_operation_name", "send", "error_type", "") >= 1);
    assertTrue(scrape.sum("messaging_client_sent_messages_total", "messaging_system", "rabbitmq",
        "messaging_destination_name", AuditTrail.EXCHANGE, "messaging_operation_name", "publish", "error_type", "") >= 1);
    assertTrue(scrape.sum("messaging_process_duration_seconds_count", "messaging_system", "kafka",
        "messaging_destination_name", OrderEvents.TOPIC, "messaging_consumer_group_name", ShippingConsumer.GROUP) >= 1);
    assertTrue(scrape.sum("messaging_process_duration_seconds_count", "messaging_system", "rabbitmq",
        "messaging_destination_name", AuditTrail.QUEUE) >= 1);
    MetricsScrape.Sample lag = scrape.find("messaging_kafka_consumer_lag", "messaging_destination_name", OrderEvents.TOPIC,
        "messaging_consumer_group_name", ShippingConsumer.GROUP, "messaging_destination_partition_id", "0").orElseThrow();
    assertTrue(lag.value() >= 0, lag.toString());
    assertEquals(1, scrape.samples("messaging_kafka_consumer_lag").size(),
        "one lag series per partition, whatever spellings Kafka reports the topic under: "
            + scrape.samples("messaging_kafka_consumer_lag"));
    for (String jvm : List.of("jvm_memory_used_bytes", "jvm_threads_current", "jvm_classes_currently_loaded",
        "jvm_gc_collection_seconds_count", "process_cpu_seconds_total")) {
      assertFalse(scrape.samples(jvm).isEmpty(), jvm + " in " + scrape.names());
    }
    assertEquals(Optional.of("histogram"), scrape.type("db_client_operation_duration_seconds"));
    assertEquals(Optional.of("histogram"), scrape.type("http_client_request_duration_seconds"));
    assertEquals(0.0, scrape.sum("sightline_instrumentation_errors_total"), "no instrumentation errors");
  }

  @Test
  @Order(4)
  void healthNamesTheDatabaseKafkaTheAmqpBrokerAndTheHttpPeer() {
    placeOrder("lamp", 1);
    List<Map<String, Object>> dependencies = List.of();
    Map<String, Object> health = null;
    long deadline = System.nanoTime() + RunningShop.PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      health = shop.health();
      dependencies = dependencies(health);
      Set<Object> types = dependencies.stream().map(d -> d.get("type")).collect(Collectors.toSet());
      if (types.containsAll(List.of("http", "db", "kafka", "rabbitmq"))) {
        break;
      }
      RunningShop.sleep(200);
    }
    assertEquals("UP", health.get("status"), String.valueOf(health));
    assertDependency(dependencies, "http", "127.0.0.1:" + shop.port);
    assertDependency(dependencies, "db", "h2database:shop");
    assertDependency(dependencies, "kafka", shop.kafkaBootstrap);
    assertDependency(dependencies, "rabbitmq", shop.amqpAddress);
    assertEquals(200, Http.get(shop.app.endpointUrl("/ready")).status());
    assertEquals(200, Http.get(shop.app.endpointUrl("/live")).status());
  }

  private String placeOrder(String product, int quantity) {
    Http.Response placed = shop.order(product, quantity);
    assertEquals(201, placed.status(), placed.body());
    String orderId = (String) Json.object(placed.body()).get("orderId");
    assertNotNull(orderId, placed.body());
    return orderId;
  }

  /** The spans every order's trace has, by name (the two client calls are both named "GET"). */
  private static final List<String> ORDER_SPANS = List.of("POST /orders", "GET", "GET /pricing", "GET",
      "GET /inventory", "INSERT shop_orders", "send shop.orders", "process shop.orders", "UPDATE shop_orders",
      "publish shop.audit", "process shop.audit", "INSERT shop_order_audit");

  /**
   * The trace of the order whose audit message carried {@code orderId}, once all of its spans are
   * in, plus a moment for stragglers that should not be there.
   */
  private List<ReceivedSpan> awaitOrderTrace(String orderId) {
    ReceivedSpan auditing = shop.receiver.awaitSpan(s -> s.kind().equals("CONSUMER")
        && orderId.equals(s.attr("messaging.message.id")), RunningShop.PATIENCE);
    String traceId = auditing.traceId();
    long deadline = System.nanoTime() + RunningShop.PATIENCE.toNanos();
    List<ReceivedSpan> trace = shop.receiver.trace(traceId);
    while (!containsAll(trace, ORDER_SPANS)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the trace of order " + orderId + " lacks some of " + ORDER_SPANS + ":\n"
            + describe(trace) + "\nShop log:\n" + shop.app.log());
      }
      RunningShop.sleep(100);
      trace = shop.receiver.trace(traceId);
    }
    RunningShop.sleep(700);
    return shop.receiver.trace(traceId);
  }

  private static boolean containsAll(List<ReceivedSpan> trace, List<String> names) {
    List<String> missing = new ArrayList<>(names);
    trace.forEach(span -> missing.remove(span.name()));
    return missing.isEmpty();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> dependencies(Map<String, Object> health) {
    return ((List<Object>) health.get("dependencies")).stream().map(d -> (Map<String, Object>) d).toList();
  }

  static void assertDependency(List<Map<String, Object>> dependencies, String type, String name) {
    Map<String, Object> dependency = dependencies.stream()
        .filter(d -> type.equals(d.get("type")) && name.equals(d.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " dependency " + name + " in /health: " + dependencies));
    assertEquals("UP", dependency.get("status"), dependency.toString());
    assertEquals("ok", dependency.get("lastOutcome"), dependency.toString());
  }

  private static ReceivedSpan single(List<ReceivedSpan> trace, String kind, String name) {
    return single(trace, s -> s.kind().equals(kind) && s.name().equals(name));
  }

  private static ReceivedSpan single(List<ReceivedSpan> trace, Predicate<ReceivedSpan> condition) {
    List<ReceivedSpan> matches = trace.stream().filter(condition).toList();
    assertEquals(1, matches.size(), "exactly one matching span in\n" + describe(trace));
    return matches.get(0);
  }

  private static void assertParent(ReceivedSpan parent, ReceivedSpan child) {
    assertEquals(parent.spanId(), child.parentSpanId(),
        "'" + child.name() + "' (" + child.kind() + ") is a child of '" + parent.name() + "' (" + parent.kind() + ")");
  }

  private static String describe(List<ReceivedSpan> spans) {
    return spans.stream().map(ReceivedSpan::toString).collect(Collectors.joining("\n  ", "  ", ""));
  }
}
