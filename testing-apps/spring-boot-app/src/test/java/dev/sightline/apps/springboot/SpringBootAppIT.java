package dev.sightline.apps.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedLink;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Spring Boot order service as users run it, {@code java -javaagent:sightline-agent.jar -jar
 * app.jar}, with every library inside the fat jar's {@code BOOT-INF/lib}: a real KRaft broker (child
 * JVM), the machine's RabbitMQ, H2 in memory. One order, placed once for the class, must give one
 * trace through Tomcat, both HTTP clients, JDBC, Kafka (record and batch listeners) and AMQP with
 * the right parents; its metrics on /metrics; its dependencies on /health; and a clean log.
 *
 * <p>Compiled and run by both spring-boot-app (Boot 3) and spring-boot-4-app (Boot 4): failsafe
 * names the jar, the artifact id and the Boot version in system properties.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpringBootAppIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String PRODUCT = "book";
  /** Three order lines: three records on the batch topic, one batch. */
  private static final int QUANTITY = 3;

  private RunningBootApp boot;
  private String appName;
  private String ordersTopic;
  private String batchTopic;
  private String auditQueue;
  private OtlpReceiver receiver;
  private TestApp app;
  private int port;
  /** The trace the test opened around POST /orders (as a caller's traceparent). */
  private String traceId;
  private String callerSpanId;
  private long orderId;

  @BeforeAll
  void startEverythingAndPlaceOneOrder() throws Exception {
    boot = RunningBootApp.start("", Map.of());
    appName = boot.appName;
    ordersTopic = boot.ordersTopic;
    batchTopic = boot.batchTopic;
    auditQueue = boot.auditQueue;
    receiver = boot.receiver;
    app = boot.app;
    port = boot.port;
    String bootVersion = System.getProperty("spring-boot-app.boot-version");
    if (bootVersion != null) {
      assertTrue(app.log().contains("(Spring Boot " + bootVersion + ","), "runs on Spring Boot " + bootVersion);
    }

    traceId = randomHex(16);
    callerSpanId = randomHex(8);
    Http.Response placed = Http.post(url("/orders"),
        "{\"product\":\"" + PRODUCT + "\",\"quantity\":" + QUANTITY + "}",
        "Content-Type", "application/json",
        "traceparent", "00-" + traceId + "-" + callerSpanId + "-01");
    assertEquals(201, placed.status(), placed.body() + "\nApp log:\n" + app.log());
    orderId = ((Number) Json.object(placed.body()).get("id")).longValue();
  }

  @AfterAll
  void stopEverything() {
    if (boot != null) {
      boot.close();
    }
  }

  @Test
  @Order(1)
  void theListenersDidTheirWork() {
    // The app itself, agent or not: the record listener confirmed the order, the batch listener
    // stored its three lines, the AMQP listener audited it.
    Map<String, Object> order = null;
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      Http.Response response = Http.get(url("/orders/" + orderId));
      assertEquals(200, response.status(), response.body());
      order = Json.object(response.body());
      if ("CONFIRMED".equals(order.get("status")) && number(order.get("auditRecords")) == 1
          && number(order.get("lineRecords")) == QUANTITY) {
        break;
      }
      sleep(200);
    }
    assertEquals("CONFIRMED", order.get("status"), String.valueOf(order));
    assertEquals(1, number(order.get("auditRecords")), String.valueOf(order));
    assertEquals(QUANTITY, number(order.get("lineRecords")), String.valueOf(order));
    assertTrue(app.log().contains("stored " + QUANTITY + " order line(s) from one batch"),
        "the batch listener got the order's lines in one batch:\n" + app.log());
    assertEquals(404, Http.get(url("/orders/999999")).status());
  }

  @Test
  @Order(2)
  void oneOrderIsOneTraceThroughTomcatBothHttpClientsJdbcKafkaAndAmqp() {
    // What the order's trace must hold, by kind and name (or scope, or path), and how many of each.
    Map<String, Predicate<ReceivedSpan>> wanted = new LinkedHashMap<>();
    wanted.put("SERVER for POST /orders", s -> "SERVER".equals(s.kind()) && "/orders".equals(s.attr("url.path")));
    wanted.put("CLIENT of scope dev.sightline.apache-httpclient-5",
        s -> "CLIENT".equals(s.kind()) && "dev.sightline.apache-httpclient-5".equals(s.scopeName()));
    wanted.put("SERVER for GET /pricing/" + PRODUCT,
        s -> "SERVER".equals(s.kind()) && ("/pricing/" + PRODUCT).equals(s.attr("url.path")));
    wanted.put("CLIENT of scope dev.sightline.java-http-client",
        s -> "CLIENT".equals(s.kind()) && "dev.sightline.java-http-client".equals(s.scopeName()));
    wanted.put("SERVER for GET /inventory/" + PRODUCT,
        s -> "SERVER".equals(s.kind()) && ("/inventory/" + PRODUCT).equals(s.attr("url.path")));
    wanted.put("CLIENT 'INSERT orders'", s -> "CLIENT".equals(s.kind()) && "INSERT orders".equals(s.name()));
    wanted.put("PRODUCER 'send " + ordersTopic + "'",
        s -> "PRODUCER".equals(s.kind()) && ("send " + ordersTopic).equals(s.name()));
    wanted.put("CONSUMER 'process " + ordersTopic + "'",
        s -> "CONSUMER".equals(s.kind()) && ("process " + ordersTopic).equals(s.name()));
    wanted.put("CLIENT 'UPDATE orders'", s -> "CLIENT".equals(s.kind()) && "UPDATE orders".equals(s.name()));
    wanted.put("PRODUCER 'publish amq.default'",
        s -> "PRODUCER".equals(s.kind()) && "publish amq.default".equals(s.name()));
    wanted.put("CONSUMER 'process " + auditQueue + "'",
        s -> "CONSUMER".equals(s.kind()) && ("process " + auditQueue).equals(s.name()));
    wanted.put("CLIENT 'INSERT order_audit'", s -> "CLIENT".equals(s.kind()) && "INSERT order_audit".equals(s.name()));
    Predicate<ReceivedSpan> batchSend = s -> "PRODUCER".equals(s.kind()) && ("send " + batchTopic).equals(s.name());
    Predicate<List<ReceivedSpan>> complete = spans -> wanted.values().stream().allMatch(w -> spans.stream().anyMatch(w))
        && spans.stream().filter(batchSend).count() >= QUANTITY;

    List<ReceivedSpan> trace = awaitTrace(complete);
    String all = describe(trace);
    List<String> missing = new ArrayList<>();
    wanted.forEach((what, condition) -> {
      long found = trace.stream().filter(condition).count();
      if (found != 1) {
        missing.add(what + " (" + found + " found, 1 expected)");
      }
    });
    long batchSendCount = trace.stream().filter(batchSend).count();
    if (batchSendCount != QUANTITY) {
      missing.add("PRODUCER 'send " + batchTopic + "' (" + batchSendCount + " found, " + QUANTITY + " expected)");
    }
    assertTrue(missing.isEmpty(), "the order's trace " + traceId + " does not hold exactly one of each:\n  " + String.join("\n  ", missing)
        + "\nIt holds:\n" + all + "\nAll spans received, by trace:\n" + describeByTrace(receiver.spans()));
    List<ReceivedSpan> expected = new ArrayList<>();

    // POST /orders: a SERVER span continuing the caller's trace.
    ReceivedSpan server = single(trace, all, "the SERVER span of POST /orders",
        s -> "SERVER".equals(s.kind()) && "/orders".equals(s.attr("url.path")));
    expected.add(server);
    assertEquals(callerSpanId, server.parentSpanId(), "the caller's traceparent is the parent: " + server);
    assertEquals("POST", server.attr("http.request.method"), server.toString());
    String route = server.attr("http.route");
    assertNotNull(route, "http.route: " + server);
    assertFalse(route.isBlank(), "http.route: " + server);
    assertEquals("POST " + route, server.name());
    assertEquals(201L, server.longAttr("http.response.status_code"), server.toString());
    assertEquals(appName, server.resourceAttr("service.name"));

    // GET /pricing through the RestClient on Apache HttpClient 5, and the SERVER span it caused.
    ReceivedSpan pricingClient = single(trace, all, "the Apache HttpClient 5 CLIENT span",
        s -> "CLIENT".equals(s.kind()) && "dev.sightline.apache-httpclient-5".equals(s.scopeName()));
    expected.add(pricingClient);
    assertEquals("GET", pricingClient.name());
    assertEquals("GET", pricingClient.attr("http.request.method"));
    assertEquals("http://127.0.0.1:" + port + "/pricing/" + PRODUCT, pricingClient.attr("url.full"));
    assertEquals(200L, pricingClient.longAttr("http.response.status_code"), pricingClient.toString());
    assertParent(server, pricingClient);
    ReceivedSpan pricingServer = single(trace, all, "the SERVER span of GET /pricing/" + PRODUCT,
        s -> "SERVER".equals(s.kind()) && ("/pricing/" + PRODUCT).equals(s.attr("url.path")));
    expected.add(pricingServer);
    assertEquals("GET", pricingServer.attr("http.request.method"));
    assertParent(pricingClient, pricingServer);

    // GET /inventory through the RestClient on the JDK HttpClient, and its SERVER span.
    ReceivedSpan inventoryClient = single(trace, all, "the JDK HttpClient CLIENT span",
        s -> "CLIENT".equals(s.kind()) && "dev.sightline.java-http-client".equals(s.scopeName()));
    expected.add(inventoryClient);
    assertEquals("GET", inventoryClient.name());
    assertEquals("http://127.0.0.1:" + port + "/inventory/" + PRODUCT, inventoryClient.attr("url.full"));
    assertEquals(200L, inventoryClient.longAttr("http.response.status_code"), inventoryClient.toString());
    assertParent(server, inventoryClient);
    ReceivedSpan inventoryServer = single(trace, all, "the SERVER span of GET /inventory/" + PRODUCT,
        s -> "SERVER".equals(s.kind()) && ("/inventory/" + PRODUCT).equals(s.attr("url.path")));
    expected.add(inventoryServer);
    assertParent(inventoryClient, inventoryServer);

    // The JdbcTemplate insert, through HikariCP: the only database call of the request.
    ReceivedSpan insert = single(trace, all, "INSERT orders", s -> "CLIENT".equals(s.kind()) && "INSERT orders".equals(s.name()));
    expected.add(insert);
    assertParent(server, insert);
    assertDatabaseSpan(insert, "INSERT", "orders");
    assertEquals(List.of(insert), trace.stream()
        .filter(s -> s.attr("db.system.name") != null && server.spanId().equals(s.parentSpanId())).toList(),
        "one JDBC span under the request:\n" + all);

    // Kafka, record listener: send orders -> process orders -> UPDATE orders.
    ReceivedSpan send = single(trace, all, "send " + ordersTopic,
        s -> "PRODUCER".equals(s.kind()) && ("send " + ordersTopic).equals(s.name()));
    expected.add(send);
    assertParent(server, send);
    assertEquals("kafka", send.attr("messaging.system"));
    assertEquals(ordersTopic, send.attr("messaging.destination.name"));
    assertEquals("dev.sightline.kafka-clients", send.scopeName());
    ReceivedSpan process = single(trace, all, "process " + ordersTopic,
        s -> "CONSUMER".equals(s.kind()) && ("process " + ordersTopic).equals(s.name()));
    expected.add(process);
    assertParent(send, process);
    assertEquals("kafka", process.attr("messaging.system"));
    assertEquals("process", process.attr("messaging.operation.type"));
    assertEquals("order-confirmer", process.attr("messaging.consumer.group.name"));
    assertEquals(send.longAttr("messaging.kafka.offset"), process.longAttr("messaging.kafka.offset"));
    ReceivedSpan update = single(trace, all, "UPDATE orders",
        s -> "CLIENT".equals(s.kind()) && "UPDATE orders".equals(s.name()));
    expected.add(update);
    assertParent(process, update);
    assertDatabaseSpan(update, "UPDATE", "orders");

    // RabbitMQ: publish (default exchange) -> process order-audit -> INSERT order_audit.
    ReceivedSpan publish = single(trace, all, "publish amq.default",
        s -> "PRODUCER".equals(s.kind()) && "rabbitmq".equals(s.attr("messaging.system")));
    expected.add(publish);
    assertEquals("publish amq.default", publish.name());
    assertParent(server, publish);
    assertEquals(auditQueue, publish.attr("messaging.rabbitmq.destination.routing_key"), publish.toString());
    ReceivedSpan audit = single(trace, all, "process " + auditQueue,
        s -> "CONSUMER".equals(s.kind()) && "rabbitmq".equals(s.attr("messaging.system")));
    expected.add(audit);
    assertEquals("process " + auditQueue, audit.name());
    assertParent(publish, audit);
    assertEquals(auditQueue, audit.attr("messaging.destination.name"));
    assertEquals("order-" + orderId, audit.attr("messaging.message.id"), audit.toString());
    ReceivedSpan auditInsert = single(trace, all, "INSERT order_audit",
        s -> "CLIENT".equals(s.kind()) && "INSERT order_audit".equals(s.name()));
    expected.add(auditInsert);
    assertParent(audit, auditInsert);
    assertDatabaseSpan(auditInsert, "INSERT", "order_audit");

    // Kafka, batch listener: three sends in the request, ONE process span for the batch, linked to
    // each send, and the listener's single JDBC batch statement under it.
    List<ReceivedSpan> batchSends = trace.stream()
        .filter(s -> "PRODUCER".equals(s.kind()) && ("send " + batchTopic).equals(s.name())).toList();
    expected.addAll(batchSends);
    assertEquals(QUANTITY, batchSends.size(), "one send per order line:\n" + all);
    batchSends.forEach(s -> assertParent(server, s));
    Set<String> batchSendIds = batchSends.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
    List<ReceivedSpan> batchSpans = awaitBatchSpans();
    assertEquals(1, batchSpans.size(), "exactly one CONSUMER span for the batch of " + QUANTITY + " records on "
        + batchTopic + " (in the order's trace or linked to it), got:\n" + describe(batchSpans) + "\nThe trace:\n" + all);
    ReceivedSpan batch = batchSpans.get(0);
    if (batch.traceId().equals(traceId)) {
      expected.add(batch);
    }
    assertEquals("process " + batchTopic, batch.name());
    assertEquals("kafka", batch.attr("messaging.system"));
    assertEquals("process", batch.attr("messaging.operation.type"));
    assertEquals(batchTopic, batch.attr("messaging.destination.name"));
    assertEquals("order-batcher", batch.attr("messaging.consumer.group.name"));
    assertEquals((long) QUANTITY, batch.longAttr("messaging.batch.message_count"), batch.toString());
    assertEquals(QUANTITY, batch.links().size(), "one link per record: " + batch.links());
    assertTrue(batch.links().stream().allMatch(link -> link.traceId().equals(traceId)), "links into the order's trace: "
        + batch.links());
    assertEquals(batchSendIds, batch.links().stream().map(ReceivedLink::spanId).collect(Collectors.toSet()),
        "the batch span links to the producer span of each of its records: " + batch.links());
    List<ReceivedSpan> batchInserts = receiver.spans().stream()
        .filter(s -> "CLIENT".equals(s.kind()) && "BATCH INSERT order_lines".equals(s.name())
            && batch.spanId().equals(s.parentSpanId()))
        .toList();
    assertEquals(1, batchInserts.size(), "one JDBC batch under the batch span " + batch.spanId()
        + "; BATCH INSERT spans received: " + describe(receiver.spans().stream()
            .filter(s -> s.name().startsWith("BATCH INSERT")).toList()));
    assertEquals(batch.traceId(), batchInserts.get(0).traceId());
    assertEquals((long) QUANTITY, batchInserts.get(0).longAttr("db.operation.batch.size"));
    if (batchInserts.get(0).traceId().equals(traceId)) {
      expected.add(batchInserts.get(0));
    }

    // The request's steps, in order and inside it; nothing else in the trace.
    List<ReceivedSpan> steps = List.of(pricingClient, inventoryClient, insert, send, publish);
    for (int i = 1; i < steps.size(); i++) {
      assertTrue(steps.get(i - 1).startNanos() <= steps.get(i).startNanos(), "step order:\n" + describe(steps));
    }
    assertTrue(publish.endNanos() <= server.endNanos(), "publishing ends before the answer");
    List<ReceivedSpan> unexpected = trace.stream().filter(s -> !expected.contains(s)).toList();
    assertTrue(unexpected.isEmpty(), "spans the order should not have made:\n" + describe(unexpected));
    System.out.println("[SpringBootAppIT] the order's trace:\n" + all + "\n[SpringBootAppIT] its batch span:\n"
        + describe(List.of(batch)) + "\n" + describe(batchInserts));
  }

  @Test
  @Order(3)
  void metricsOfEveryLibraryAreOnTheEndpoint() {
    Map<String, Predicate<MetricsScrape>> awaited = new LinkedHashMap<>();
    awaited.put("a POST server request", s -> s.sum("http_server_request_duration_seconds_count", "http_request_method", "POST") >= 1);
    awaited.put("two client requests to the app's port",
        s -> s.sum("http_client_request_duration_seconds_count", "server_port", Integer.toString(port)) >= 2);
    awaited.put("a database UPDATE", s -> s.sum("db_client_operation_duration_seconds_count", "db_operation_name", "UPDATE") >= 1);
    awaited.put("a Kafka send", s -> s.sum("messaging_client_sent_messages_total", "messaging_system", "kafka") >= 1);
    awaited.put("a RabbitMQ message processed", s -> s.sum("messaging_process_duration_seconds_count", "messaging_system", "rabbitmq") >= 1);
    awaited.put("a batch processed on " + batchTopic,
        s -> s.sum("messaging_process_duration_seconds_count", "messaging_destination_name", batchTopic) >= 1);
    awaited.put("consumer lag on " + ordersTopic,
        s -> s.find("messaging_kafka_consumer_lag", "messaging_destination_name", ordersTopic).isPresent());
    MetricsScrape scrape = awaitMetrics(awaited);
    for (String family : List.of("http_server_request_duration_seconds_count", "http_client_request_duration_seconds_count",
        "db_client_operation_duration_seconds_count", "messaging_client_sent_messages_total",
        "messaging_process_duration_seconds_count", "messaging_kafka_consumer_lag")) {
      assertFalse(scrape.samples(family).isEmpty(), family + " has samples; names: " + scrape.names());
    }
    assertEquals(Optional.of("histogram"), scrape.type("http_server_request_duration_seconds"));
    assertEquals(Optional.of("histogram"), scrape.type("db_client_operation_duration_seconds"));

    assertTrue(scrape.sum("http_server_request_duration_seconds_count", "http_request_method", "POST",
        "http_response_status_code", "201") >= 1, "POST /orders answered 201");
    for (String path : List.of("/pricing/", "/inventory/")) {
      // Labels carry a route, never the raw path.
      assertTrue(scrape.labelValues("http_server_request_duration_seconds_count", "http_route").stream()
          .noneMatch(r -> r.contains(path + PRODUCT)), "no raw path as a route label");
    }
    assertTrue(scrape.sum("http_client_request_duration_seconds_count", "server_address", "127.0.0.1",
        "server_port", Integer.toString(port), "http_response_status_code", "200") >= 2,
        "the pricing (Apache) and inventory (JDK) calls");
    assertTrue(scrape.sum("db_client_operation_duration_seconds_count", "db_system_name", "h2database",
        "db_operation_name", "INSERT", "db_collection_name", "orders", "error_type", "") >= 1);
    assertTrue(scrape.sum("db_client_operation_duration_seconds_count", "db_system_name", "h2database",
        "db_operation_name", "UPDATE", "db_collection_name", "orders") >= 1);
    assertTrue(scrape.sum("messaging_client_sent_messages_total", "messaging_system", "kafka",
        "messaging_destination_name", ordersTopic, "messaging_operation_name", "send", "error_type", "") >= 1);
    assertTrue(scrape.sum("messaging_client_sent_messages_total", "messaging_system", "kafka",
        "messaging_destination_name", batchTopic, "messaging_operation_name", "send", "error_type", "") >= QUANTITY);
    assertTrue(scrape.sum("messaging_client_sent_messages_total", "messaging_system", "rabbitmq",
        "messaging_destination_name", "amq.default", "messaging_operation_name", "publish", "error_type", "") >= 1);
    assertTrue(scrape.sum("messaging_process_duration_seconds_count", "messaging_system", "kafka",
        "messaging_destination_name", ordersTopic, "messaging_consumer_group_name", "order-confirmer") >= 1);
    assertTrue(scrape.sum("messaging_process_duration_seconds_count", "messaging_system", "kafka",
        "messaging_destination_name", batchTopic, "messaging_consumer_group_name", "order-batcher") >= 1);
    assertTrue(scrape.sum("messaging_process_duration_seconds_count", "messaging_system", "rabbitmq",
        "messaging_destination_name", auditQueue) >= 1);
    MetricsScrape.Sample lag = scrape.find("messaging_kafka_consumer_lag", "messaging_destination_name", ordersTopic,
        "messaging_consumer_group_name", "order-confirmer", "messaging_destination_partition_id", "0").orElseThrow(
            () -> new AssertionError("no lag series for " + ordersTopic + ": " + scrape.samples("messaging_kafka_consumer_lag")));
    assertTrue(lag.value() >= 0, lag.toString());
    assertEquals(0.0, scrape.sum("sightline_instrumentation_errors_total"), "no instrumentation errors");
  }

  @Test
  @Order(4)
  void healthNamesTheDatabaseKafkaTheAmqpBrokerAndTheHttpPeer() {
    Map<String, Object> health = null;
    List<Map<String, Object>> dependencies = List.of();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      health = Json.object(Http.get(app.endpointUrl("/health")).body());
      dependencies = dependencies(health);
      Set<Object> types = dependencies.stream().map(d -> d.get("type")).collect(Collectors.toSet());
      if (types.containsAll(List.of("db", "kafka", "rabbitmq", "http"))) {
        break;
      }
      sleep(200);
    }
    assertDependency(dependencies, "db", "h2database:orders");
    assertDependency(dependencies, "kafka", boot.broker.bootstrap());
    assertDependency(dependencies, "rabbitmq", RunningBootApp.AMQP_HOST + ":" + RunningBootApp.AMQP_PORT);
    assertDependency(dependencies, "http", "127.0.0.1:" + port);
    assertEquals("UP", health.get("status"), String.valueOf(health));
    assertEquals(200, Http.get(app.endpointUrl("/ready")).status(), "ready once Tomcat listens");
    assertEquals(200, Http.get(app.endpointUrl("/live")).status());
  }

  @Test
  @Order(5)
  void theLogHasNoAgentWarningNoErrorAndNoMissingClass() {
    String log = app.log();
    assertTrue(log.contains("[sightline] INFO Sightline "), "the agent started:\n" + log);
    Pattern error = Pattern.compile("(^|\\s)ERROR(\\s|$)");
    List<String> bad = log.lines()
        .filter(line -> TestApp.isAgentTrouble(line) || error.matcher(line).find())
        .toList();
    assertTrue(bad.isEmpty(), "lines that should not be in the log of " + app.logFile() + ":\n"
        + String.join("\n", bad));
  }

  @Test
  @Order(6)
  void logLinesInsideTheOrderCarryItsTraceIdAndOthersNone() {
    // Boot's default pattern with logging.pattern.correlation=[trace_id=%X{trace_id:-} span_id=%X{span_id:-}]
    ReceivedSpan server = receiver.awaitSpan(
        s -> "SERVER".equals(s.kind()) && "/orders".equals(s.attr("url.path")) && traceId.equals(s.traceId()), PATIENCE);
    ReceivedSpan process = receiver.awaitSpan(s -> "CONSUMER".equals(s.kind())
        && ("process " + ordersTopic).equals(s.name()) && traceId.equals(s.traceId()), PATIENCE);
    assertLogged("placing an order for " + PRODUCT + " x" + QUANTITY, "[trace_id=" + traceId + " span_id=" + server.spanId() + "]");
    assertLogged("confirming order " + orderId, "[trace_id=" + traceId + " span_id=" + process.spanId() + "]");
    assertLogged("Started SpringBootApp in ", "[trace_id= span_id=]");
  }

  @Test
  @Order(7)
  void theApplicationsOwnOpenTelemetryCallsJoinTheAgentsTrace() {
    String lookupTrace = randomHex(16);
    Http.Response answer = Http.get(url("/lookups/" + PRODUCT), "traceparent", "00-" + lookupTrace + "-" + randomHex(8) + "-01");
    assertEquals(200, answer.status(), answer.body());
    Map<String, Object> ids = Json.object(answer.body());
    ReceivedSpan server = receiver.awaitSpan(s -> "SERVER".equals(s.kind()) && lookupTrace.equals(s.traceId())
        && ("/lookups/" + PRODUCT).equals(s.attr("url.path")), PATIENCE);
    // Span.current() in the controller is the agent's server span.
    assertEquals(lookupTrace, ids.get("serverTraceId"));
    assertEquals(server.spanId(), ids.get("serverSpanId"));
    assertEquals("GET /lookups/{product}", server.name());
    // The manual span is the server span's child, and the agent's client call inside it is its child.
    ReceivedSpan lookup = receiver.awaitSpan(s -> "lookup-product".equals(s.name()) && lookupTrace.equals(s.traceId()), PATIENCE);
    assertEquals("spring-boot-app", lookup.scopeName());
    assertEquals(ids.get("lookupSpanId"), lookup.spanId());
    assertParent(server, lookup);
    assertEquals(PRODUCT, lookup.attr("product"));
    ReceivedSpan client = receiver.awaitSpan(s -> "CLIENT".equals(s.kind()) && lookupTrace.equals(s.traceId())
        && "dev.sightline.apache-httpclient-5".equals(s.scopeName()), PATIENCE);
    assertParent(lookup, client);
    // The baggage the application set travelled on the agent's request: the pricing service read it.
    ReceivedSpan pricing = receiver.awaitSpan(s -> "SERVER".equals(s.kind()) && lookupTrace.equals(s.traceId())
        && ("/pricing/" + PRODUCT).equals(s.attr("url.path")), PATIENCE);
    assertParent(client, pricing);
    assertEquals("acme", pricing.attr("app.tenant"));
    // @WithSpan on a Spring bean: a span with its @SpanAttribute, the parent of its query.
    ReceivedSpan check = receiver.awaitSpan(s -> "check-stock".equals(s.name()) && lookupTrace.equals(s.traceId()), PATIENCE);
    assertParent(lookup, check);
    assertEquals(PRODUCT, check.attr("product"));
    ReceivedSpan select = receiver.awaitSpan(s -> "CLIENT".equals(s.kind()) && lookupTrace.equals(s.traceId())
        && s.name().startsWith("SELECT"), PATIENCE);
    assertParent(check, select);
    // The application's counter is on the agent's endpoint.
    MetricsScrape scrape = MetricsScrape.scrape(app.endpointUrl("/metrics"));
    assertTrue(scrape.sum("catalog_lookups_total", "product", PRODUCT) >= 1, scrape.text());
  }

  private void assertLogged(String message, String ids) {
    List<String> lines = app.log().lines().filter(line -> line.contains(message)).toList();
    assertEquals(1, lines.size(), "one line with '" + message + "' in " + app.logFile() + ": " + lines);
    assertTrue(lines.get(0).contains(ids), ids + " in: " + lines.get(0));
  }

  // ---------------------------------------------------------------------------------------------

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** The order's trace once {@code complete} holds (or as it is after the patience), plus stragglers. */
  private List<ReceivedSpan> awaitTrace(Predicate<List<ReceivedSpan>> complete) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!complete.test(receiver.trace(traceId)) && System.nanoTime() < deadline) {
      sleep(100);
    }
    sleep(1000);
    return receiver.trace(traceId);
  }

  /** CONSUMER spans on the batch topic that are in the order's trace or link to it. */
  private List<ReceivedSpan> awaitBatchSpans() {
    Predicate<ReceivedSpan> batchSpan = s -> "CONSUMER".equals(s.kind())
        && batchTopic.equals(s.attr("messaging.destination.name"))
        && (s.traceId().equals(traceId) || s.links().stream().anyMatch(l -> l.traceId().equals(traceId)));
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (receiver.spans().stream().noneMatch(batchSpan) && System.nanoTime() < deadline) {
      sleep(100);
    }
    sleep(500);
    return receiver.spans().stream().filter(batchSpan).toList();
  }

  /** Scrapes /metrics until every condition holds; fails naming those that never did. */
  private MetricsScrape awaitMetrics(Map<String, Predicate<MetricsScrape>> conditions) {
    MetricsScrape scrape = null;
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      scrape = MetricsScrape.scrape(app.endpointUrl("/metrics"));
      MetricsScrape last = scrape;
      if (conditions.values().stream().allMatch(c -> c.test(last))) {
        return scrape;
      }
      sleep(250);
    }
    MetricsScrape last = scrape;
    List<String> unmet = conditions.entrySet().stream()
        .filter(e -> last == null || !e.getValue().test(last)).map(Map.Entry::getKey).toList();
    throw new AssertionError("not on /metrics within " + PATIENCE + ": " + unmet + "\nSample names: "
        + (last == null ? "none" : last.names()));
  }

  private static void assertDatabaseSpan(ReceivedSpan span, String operation, String table) {
    assertEquals("dev.sightline.jdbc", span.scopeName(), span.toString());
    assertEquals("h2database", span.attr("db.system.name"), span.toString());
    assertEquals("orders", span.attr("db.namespace"), span.toString());
    assertEquals(operation, span.attr("db.operation.name"), span.toString());
    assertEquals(table, span.attr("db.collection.name"), span.toString());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> dependencies(Map<String, Object> health) {
    return ((List<Object>) health.get("dependencies")).stream().map(d -> (Map<String, Object>) d).toList();
  }

  private static void assertDependency(List<Map<String, Object>> dependencies, String type, String name) {
    Map<String, Object> dependency = dependencies.stream()
        .filter(d -> type.equals(d.get("type")) && name.equals(d.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " dependency " + name + " in /health: " + dependencies));
    assertEquals("UP", dependency.get("status"), dependency.toString());
    assertEquals("ok", dependency.get("lastOutcome"), dependency.toString());
  }

  private static ReceivedSpan single(List<ReceivedSpan> trace, String described, String what, Predicate<ReceivedSpan> condition) {
    List<ReceivedSpan> matches = trace.stream().filter(condition).toList();
    assertEquals(1, matches.size(), "exactly one span: " + what + ", in the order's trace:\n" + described);
    return matches.get(0);
  }

  private static void assertParent(ReceivedSpan parent, ReceivedSpan child) {
    assertEquals(parent.traceId(), child.traceId(), "'" + child.name() + "' is in the trace of '" + parent.name() + "'");
    assertEquals(parent.spanId(), child.parentSpanId(),
        "'" + child.name() + "' (" + child.kind() + ") is a child of '" + parent.name() + "' (" + parent.kind() + ")");
  }

  private static String describeByTrace(List<ReceivedSpan> spans) {
    if (spans.isEmpty()) {
      return "  (none)";
    }
    return spans.stream()
        .collect(Collectors.groupingBy(ReceivedSpan::traceId, LinkedHashMap::new, Collectors.toList()))
        .entrySet().stream()
        .map(e -> "  " + e.getKey() + ": " + e.getValue().stream()
            .map(s -> s.kind() + " '" + s.name() + "' (" + s.scopeName() + ")").collect(Collectors.joining(", ")))
        .collect(Collectors.joining("\n"));
  }

  private static String describe(List<ReceivedSpan> spans) {
    return spans.isEmpty() ? "  (none)"
        : spans.stream().map(s -> s + " scope=" + s.scopeName() + " links=" + s.links())
            .collect(Collectors.joining("\n  ", "  ", ""));
  }

  private static long number(Object value) {
    return value == null ? -1 : ((Number) value).longValue();
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    random[0] |= 1; // never all zeros
    return HexFormat.of().formatHex(random);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
