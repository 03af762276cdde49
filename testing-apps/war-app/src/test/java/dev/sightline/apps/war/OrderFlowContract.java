package dev.sightline.apps.war;

import static dev.sightline.apps.war.Spans.assertParent;
import static dev.sightline.apps.war.Spans.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import dev.sightline.testing.KafkaBroker;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.Services;
import java.nio.file.Path;
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
 * What the agent must show for the WAR in a standalone container, whatever the container: the WAR
 * (its libraries in WEB-INF/lib, seen only by the webapp's class loader) deployed as {@code war-app}
 * into the container started with the agent, one real Kafka broker, the machine's RabbitMQ and
 * an OTLP receiver for the whole class. One order is one trace through the servlet, both HTTP
 * clients, JDBC, Kafka and AMQP with the right parents; every family is on /metrics; every
 * dependency is in /health; the container's log has no agent warning.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class OrderFlowContract {

  static final String AMQP_HOST = "127.0.0.1";
  static final int AMQP_PORT = 5672;
  static final String CONTEXT = "war-app";

  final String serviceName;
  final String runId = Spans.runId();
  KafkaBroker broker;
  OtlpReceiver receiver;
  StandaloneContainer container;
  WarAppClient app;

  OrderFlowContract(String serviceName) {
    this.serviceName = serviceName;
  }

  /** The container under test, not started yet. */
  abstract StandaloneContainer newContainer();

  @BeforeAll
  void start() throws Exception {
    Services.requireTcp("RabbitMQ", AMQP_HOST, AMQP_PORT, "testing-apps/services.sh ensure");
    broker = KafkaBroker.start(Path.of("target", "kafka-broker", getClass().getSimpleName() + "-" + runId));
    receiver = OtlpReceiver.start();
    container = newContainer();
    configure(container, broker, receiver, serviceName, runId);
    container.deploy(StandaloneContainer.fromPom("war-app.war"), CONTEXT);
    container.start();
    app = new WarAppClient(container, CONTEXT);
  }

  /** The agent's settings and the webapp's (Kafka, AMQP, a run id in destination names) as JVM options. */
  static void configure(StandaloneContainer container, KafkaBroker broker, OtlpReceiver receiver, String serviceName,
      String runId) {
    container.agentSettings(receiver, serviceName)
        .sysprop("warapp.kafka.bootstrap", broker.bootstrap())
        .sysprop("warapp.amqp.uri", "amqp://guest:guest@" + AMQP_HOST + ":" + AMQP_PORT)
        .sysprop("warapp.suffix", runId);
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {container, receiver, broker}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        e.printStackTrace();
      }
    }
  }

  /** The webapp itself, whatever the agent does: an order is placed, shipped through Kafka and audited through AMQP. */
  @Test
  @Order(1)
  void theWebappTakesShipsAndAuditsAnOrder() {
    assertEquals("/" + CONTEXT, app.info("contextPath"));
    assertEquals(System.getProperty("war-app.kafka.version"), app.info("kafkaClients"));
    assertEquals(CONTEXT + ".orders." + runId, app.topic());
    assertEquals(CONTEXT + ".audit." + runId, app.queue());
    String orderId = app.placeOrder("mug", 1, Spans.traceparent(Spans.newTraceId(), Spans.newSpanId()));
    Map<String, Object> order = app.awaitShippedAndAudited(orderId);
    assertEquals("mug", order.get("product"));
    assertTrue(container.log().contains("war-app: shipped order " + orderId), "the Kafka consumer logged it");
    assertTrue(container.log().contains("war-app: audited order " + orderId), "the AMQP consumer logged it");
  }

  @Test
  @Order(2)
  void oneOrderIsOneTraceThroughHttpJdbcKafkaAndAmqp() {
    String traceId = Spans.newTraceId();
    String callerSpanId = Spans.newSpanId();
    String orderId = app.placeOrder("book", 2, Spans.traceparent(traceId, callerSpanId));
    String orders = app.path("/orders");
    String pricing = app.path("/pricing");
    String inventory = app.path("/inventory");
    List<ReceivedSpan> trace = Spans.awaitTrace(receiver, traceId, List.of(
        "SERVER POST " + orders, "CLIENT GET", "SERVER GET " + pricing, "CLIENT GET", "SERVER GET " + inventory,
        "CLIENT INSERT war_orders", "PRODUCER send " + app.topic(), "CONSUMER process " + app.topic(),
        "CLIENT UPDATE war_orders", "PRODUCER publish " + app.exchange(), "CONSUMER process " + app.queue(),
        "CLIENT INSERT war_order_audit"), () -> "Container log:\n" + container.log());

    // The servlet: the order request continues the test's trace.
    ReceivedSpan server = single(trace, "SERVER", "POST " + orders);
    assertEquals(callerSpanId, server.parentSpanId(), "the order request's parent is the test's traceparent");
    assertEquals("dev.sightline.servlet", server.scopeName());
    assertEquals(orders, server.attr("http.route"));
    assertEquals(orders, server.attr("url.path"));
    assertEquals("POST", server.attr("http.request.method"));
    assertEquals(201L, server.longAttr("http.response.status_code"));
    assertEquals(serviceName, server.resourceAttr("service.name"));

    // Apache HttpClient 5 (WEB-INF/lib) to /pricing, and the server span it caused.
    ReceivedSpan pricingClient = single(trace, s -> s.kind().equals("CLIENT")
        && "dev.sightline.apache-httpclient-5".equals(s.scopeName()), "Apache HttpClient 5 CLIENT span");
    assertEquals("GET", pricingClient.name());
    assertParent(server, pricingClient);
    assertEquals(app.url("/pricing?product=book&quantity=2"), pricingClient.attr("url.full"));
    assertEquals("127.0.0.1", pricingClient.attr("server.address"));
    assertEquals((long) container.httpPort, pricingClient.longAttr("server.port"));
    assertEquals(200L, pricingClient.longAttr("http.response.status_code"));
    ReceivedSpan pricingServer = single(trace, "SERVER", "GET " + pricing);
    assertParent(pricingClient, pricingServer);
    assertEquals(pricing, pricingServer.attr("http.route"));

    // The JDK HttpClient to /inventory, and the server span it caused.
    ReceivedSpan inventoryClient = single(trace, s -> s.kind().equals("CLIENT")
        && "dev.sightline.java-http-client".equals(s.scopeName()), "JDK HttpClient CLIENT span");
    assertEquals("GET", inventoryClient.name());
    assertParent(server, inventoryClient);
    assertEquals(app.url("/inventory?product=book&quantity=2"), inventoryClient.attr("url.full"));
    assertEquals(200L, inventoryClient.longAttr("http.response.status_code"));
    ReceivedSpan inventoryServer = single(trace, "SERVER", "GET " + inventory);
    assertParent(inventoryClient, inventoryServer);

    // JDBC (H2 in WEB-INF/lib) in the request.
    ReceivedSpan insert = single(trace, "CLIENT", "INSERT war_orders");
    assertParent(server, insert);
    assertEquals("dev.sightline.jdbc", insert.scopeName());
    assertEquals("h2database", insert.attr("db.system.name"));
    assertEquals(app.database(), insert.attr("db.namespace"));
    assertEquals("INSERT", insert.attr("db.operation.name"));
    assertEquals("war_orders", insert.attr("db.collection.name"));

    // Kafka: the send in the request, its processing by the webapp's consumer thread, the JDBC write under it.
    ReceivedSpan send = single(trace, "PRODUCER", "send " + app.topic());
    assertParent(server, send);
    assertEquals("dev.sightline.kafka-clients", send.scopeName());
    assertEquals("kafka", send.attr("messaging.system"));
    assertEquals("send", send.attr("messaging.operation.type"));
    assertEquals(app.topic(), send.attr("messaging.destination.name"));
    assertEquals("0", send.attr("messaging.destination.partition.id"));
    assertNotNull(send.longAttr("messaging.kafka.offset"), "offset recorded on acknowledgement: " + send);
    ReceivedSpan process = single(trace, "CONSUMER", "process " + app.topic());
    assertParent(send, process);
    assertEquals("process", process.attr("messaging.operation.type"));
    assertEquals(app.group(), process.attr("messaging.consumer.group.name"));
    assertEquals(send.longAttr("messaging.kafka.offset"), process.longAttr("messaging.kafka.offset"));
    ReceivedSpan update = single(trace, "CLIENT", "UPDATE war_orders");
    assertParent(process, update);
    assertEquals("h2database", update.attr("db.system.name"));

    // AMQP: the publish in the request, the webapp's consumer processing it, the JDBC write under it.
    ReceivedSpan publish = single(trace, "PRODUCER", "publish " + app.exchange());
    assertParent(server, publish);
    assertEquals("dev.sightline.rabbitmq", publish.scopeName());
    assertEquals("rabbitmq", publish.attr("messaging.system"));
    assertEquals(app.exchange(), publish.attr("messaging.destination.name"));
    ReceivedSpan auditing = single(trace, "CONSUMER", "process " + app.queue());
    assertParent(publish, auditing);
    assertEquals(app.queue(), auditing.attr("messaging.destination.name"));
    assertEquals(orderId, auditing.attr("messaging.message.id"));
    ReceivedSpan auditInsert = single(trace, "CLIENT", "INSERT war_order_audit");
    assertParent(auditing, auditInsert);
    assertEquals("h2database", auditInsert.attr("db.system.name"));

    assertEquals(12, trace.size(), "exactly the order's twelve spans, nothing else:\n" + Spans.describe(trace));
    assertTrue(trace.stream().allMatch(s -> serviceName.equals(s.resourceAttr("service.name"))), Spans.describe(trace));
    List<ReceivedSpan> steps = List.of(pricingClient, inventoryClient, insert, send, publish);
    for (int i = 1; i < steps.size(); i++) {
      assertTrue(steps.get(i - 1).startNanos() <= steps.get(i).startNanos(), "step order:\n" + Spans.describe(steps));
    }
    assertTrue(publish.endNanos() <= server.endNanos(), "publishing ends before the answer");
  }

  @Test
  @Order(3)
  void metricsOfEveryFamilyAreOnTheEndpoint() {
    String orderId = app.placeOrder("pen", 3, Spans.traceparent(Spans.newTraceId(), Spans.newSpanId()));
    app.awaitShippedAndAudited(orderId);
    String port = Integer.toString(container.httpPort);
    MetricsScrape scrape = awaitMetrics(s ->
        s.sum("http_server_request_duration_seconds_count", "http_route", app.path("/orders")) >= 1
            && s.sum("messaging_process_duration_seconds_count", "messaging_system", "kafka") >= 1
            && s.sum("messaging_process_duration_seconds_count", "messaging_system", "rabbitmq") >= 1
            && s.sum("db_client_operation_duration_seconds_count", "db_collection_name", "war_order_audit") >= 1
            && s.find("messaging_kafka_consumer_lag", "messaging_destination_name", app.topic()).isPresent());

    assertTrue(scrape.sum("http_server_request_duration_seconds_count", "http_route", app.path("/orders"),
        "http_request_method", "POST", "http_response_status_code", "201") >= 1, scrape.text());
    for (String route : List.of("/pricing", "/inventory")) {
      assertTrue(scrape.sum("http_server_request_duration_seconds_count", "http_route", app.path(route),
          "http_request_method", "GET", "http_response_status_code", "200") >= 1, route + "\n" + scrape.text());
    }
    assertTrue(scrape.sum("http_client_request_duration_seconds_count", "server_address", "127.0.0.1",
        "server_port", port, "http_response_status_code", "200") >= 2, "the pricing and inventory calls");
    assertTrue(scrape.sum("db_client_operation_duration_seconds_count", "db_system_name", "h2database",
        "db_operation_name", "INSERT", "db_collection_name", "war_orders", "error_type", "") >= 1);
    assertTrue(scrape.sum("db_client_operation_duration_seconds_count", "db_system_name", "h2database",
        "db_operation_name", "UPDATE", "db_collection_name", "war_orders") >= 1);
    assertTrue(scrape.sum("db_client_operation_duration_seconds_count", "db_system_name", "h2database",
        "db_operation_name", "INSERT", "db_collection_name", "war_order_audit") >= 1);
    assertTrue(scrape.sum("messaging_client_sent_messages_total", "messaging_system", "kafka",
        "messaging_destination_name", app.topic(), "messaging_operation_name", "send", "error_type", "") >= 1);
    assertTrue(scrape.sum("messaging_client_sent_messages_total", "messaging_system", "rabbitmq",
        "messaging_destination_name", app.exchange(), "messaging_operation_name", "publish", "error_type", "") >= 1);
    assertTrue(scrape.sum("messaging_process_duration_seconds_count", "messaging_system", "kafka",
        "messaging_destination_name", app.topic(), "messaging_consumer_group_name", app.group()) >= 1);
    assertTrue(scrape.sum("messaging_process_duration_seconds_count", "messaging_system", "rabbitmq",
        "messaging_destination_name", app.queue()) >= 1);
    MetricsScrape.Sample lag = scrape.find("messaging_kafka_consumer_lag", "messaging_destination_name", app.topic(),
        "messaging_consumer_group_name", app.group(), "messaging_destination_partition_id", "0").orElseThrow();
    assertTrue(lag.value() >= 0, lag.toString());
    assertEquals(Optional.of("histogram"), scrape.type("http_server_request_duration_seconds"));
    assertEquals(Optional.of("histogram"), scrape.type("db_client_operation_duration_seconds"));
  }

  @Test
  @Order(4)
  void healthNamesTheDatabaseKafkaTheAmqpBrokerAndTheHttpPeer() {
    String orderId = app.placeOrder("lamp", 1, Spans.traceparent(Spans.newTraceId(), Spans.newSpanId()));
    app.awaitShippedAndAudited(orderId);
    Set<String> wanted = Set.of("http|127.0.0.1:" + container.httpPort, "db|h2database:" + app.database(),
        "kafka|" + broker.bootstrap(), "rabbitmq|" + AMQP_HOST + ":" + AMQP_PORT);
    Http.Response response = null;
    List<Map<String, Object>> dependencies = List.of();
    long deadline = System.nanoTime() + Spans.PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      response = Http.get(container.endpointUrl("/health"));
      dependencies = dependencies(Json.object(response.body()));
      Set<String> seen = dependencies.stream().map(d -> d.get("type") + "|" + d.get("name")).collect(Collectors.toSet());
      if (seen.containsAll(wanted)) {
        break;
      }
      StandaloneContainer.sleep(200);
    }
    assertNotNull(response);
    assertEquals(200, response.status(), response.body());
    assertEquals("UP", Json.object(response.body()).get("status"), response.body());
    for (String dependency : wanted) {
      String[] typeAndName = dependency.split("\\|", 2);
      Map<String, Object> entry = dependencies.stream()
          .filter(d -> typeAndName[0].equals(d.get("type")) && typeAndName[1].equals(d.get("name")))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no dependency " + dependency + " in /health: " + Http.get(
              container.endpointUrl("/health")).body()));
      assertEquals("UP", entry.get("status"), entry.toString());
      assertEquals("ok", entry.get("lastOutcome"), entry.toString());
    }
  }

  @Test
  @Order(5)
  void theContainerLogHasNoAgentWarningAndNoLinkageError() {
    String log = container.log();
    assertTrue(log.contains("[sightline] INFO"), "the agent started in the container:\n" + log);
    List<String> bad = log.lines()
        .filter(line -> line.contains("[sightline] WARN") || line.contains("[sightline] ERROR")
            || line.contains("NoClassDefFoundError"))
        .toList();
    assertEquals(List.of(), bad, "agent warnings or linkage errors in " + container.logFile());
  }

  MetricsScrape awaitMetrics(Predicate<MetricsScrape> condition) {
    return MetricsScrape.await(container.endpointUrl("/metrics"), Spans.PATIENCE, condition, () -> "");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> dependencies(Map<String, Object> health) {
    Object dependencies = health.get("dependencies");
    if (!(dependencies instanceof List)) {
      return List.of();
    }
    return ((List<Object>) dependencies).stream().map(d -> (Map<String, Object>) d).toList();
  }
}
