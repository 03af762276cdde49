package dev.sightline.apps.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedLink;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
 * amqp-app with the agent against the machine's real RabbitMQ: one app for the whole class (the
 * health test, which breaks the broker connection, runs last).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AmqpAppTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final String suffix = "t" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
  private final String exchange = "orders-" + suffix;
  private final String createdQueue = "orders.created-" + suffix;
  private final String auditQueue = "orders.audit-" + suffix;
  private final String pendingQueue = "orders.pending-" + suffix;
  private OtlpReceiver receiver;
  private TestApp app;
  private String baseUrl;

  @BeforeAll
  void start() {
    RabbitBroker.requireRunning();
    receiver = OtlpReceiver.start();
    int port = TestApp.freePort();
    app = TestApp.builder(AmqpApp.class.getName())
        .otlp(receiver)
        .serviceName("amqp-app")
        .args("--port", Integer.toString(port), "--amqp-host", RabbitBroker.HOST,
            "--amqp-port", Integer.toString(RabbitBroker.PORT), "--suffix", suffix,
            "--recovery-interval-ms", "3000")
        .start();
    app.awaitLog("amqp-app listening on port", WAIT);
    baseUrl = "http://127.0.0.1:" + port;
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.stop();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  @Order(1)
  void defaultConsumerProcessingJoinsThePublishersTrace() {
    String messageId = post("/messages?route=created", "order-1");

    ReceivedSpan process = awaitProcess(messageId);
    List<ReceivedSpan> trace = awaitTraceWith(process, "/downstream");
    ReceivedSpan server = only(trace, s -> "SERVER".equals(s.kind()) && "/messages".equals(s.attr("url.path")));
    ReceivedSpan publish = only(trace, s -> "PRODUCER".equals(s.kind()));
    ReceivedSpan client = only(trace, s -> "CLIENT".equals(s.kind()) && s.attr("http.request.method") != null
        && s.parentSpanId().equals(process.spanId()));
    ReceivedSpan downstream = only(trace, s -> "SERVER".equals(s.kind()) && "/downstream".equals(s.attr("url.path")));
    ReceivedSpan insert = only(trace, s -> "CLIENT".equals(s.kind()) && s.attr("db.system.name") != null);

    assertEquals("POST /messages", server.name());
    assertEquals("publish " + exchange, publish.name());
    assertEquals(server.spanId(), publish.parentSpanId(), "publish runs inside the request");
    assertEquals(publish.spanId(), process.parentSpanId(), "process continues the publisher's trace");
    assertEquals(process.spanId(), client.parentSpanId(), "the handler's HTTP call is under process");
    assertEquals(client.spanId(), downstream.parentSpanId());

    assertEquals("rabbitmq", publish.attr("messaging.system"));
    assertEquals("send", publish.attr("messaging.operation.type"));
    assertEquals("publish", publish.attr("messaging.operation.name"));
    assertEquals(exchange, publish.attr("messaging.destination.name"));
    assertEquals("created", publish.attr("messaging.rabbitmq.destination.routing_key"));
    assertEquals(7L, publish.longAttr("messaging.message.body.size"));
    assertEquals("127.0.0.1", publish.attr("server.address"));
    assertEquals((long) RabbitBroker.PORT, publish.longAttr("server.port"));
    assertNull(publish.attr("error.type"));

    assertEquals("process " + createdQueue, process.name());
    assertEquals("rabbitmq", process.attr("messaging.system"));
    assertEquals("process", process.attr("messaging.operation.type"));
    assertEquals("process", process.attr("messaging.operation.name"));
    assertEquals(createdQueue, process.attr("messaging.destination.name"));
    assertEquals("created", process.attr("messaging.rabbitmq.destination.routing_key"));
    assertEquals(7L, process.longAttr("messaging.message.body.size"));
    assertNotNull(process.longAttr("messaging.rabbitmq.message.delivery_tag"));
    assertEquals("127.0.0.1", process.attr("server.address"));

    assertEquals(process.spanId(), insert.parentSpanId(), "the handler's JDBC write is under process: " + insert);
    assertEquals("h2database", insert.attr("db.system.name"));
    assertTrue(insert.name().startsWith("INSERT "), insert.name());
  }

  @Test
  @Order(2)
  void deliverCallbackProcessingJoinsThePublishersTraceAlsoThroughTheDefaultExchange() {
    String messageId = post("/messages?route=audit&exchange=default", "audit-1");

    ReceivedSpan process = awaitProcess(messageId);
    List<ReceivedSpan> trace = awaitTraceWith(process, "/downstream");
    ReceivedSpan publish = only(trace, s -> "PRODUCER".equals(s.kind()));
    assertEquals("publish amq.default", publish.name());
    assertEquals("amq.default", publish.attr("messaging.destination.name"));
    assertEquals(auditQueue, publish.attr("messaging.rabbitmq.destination.routing_key"));
    assertEquals(publish.spanId(), process.parentSpanId());
    assertEquals("process " + auditQueue, process.name());
    assertTrue(trace.stream().anyMatch(s -> "CLIENT".equals(s.kind()) && s.parentSpanId().equals(process.spanId())),
        "the callback's HTTP call is under process: " + trace);
  }

  @Test
  @Order(3)
  void propertiesTheApplicationSetSurviveTheTraceHeaders() {
    String created = post("/messages?route=created", "order-2");
    String audit = post("/messages?route=audit", "audit-2");

    for (String messageId : List.of(created, audit)) {
      Map<String, Object> seen = awaitReceived(messageId);
      assertEquals("text/plain", seen.get("contentType"), seen.toString());
      assertEquals("amqp-app", seen.get("appId"), seen.toString());
      assertEquals("amqp-app", seen.get("xApp"), "the app's own header is kept: " + seen);
      assertEquals(true, seen.get("traceparentHeader"), seen.toString());
      assertEquals(200L, ((Number) seen.get("downstreamStatus")).longValue());
    }
    assertEquals("DefaultConsumer", awaitReceived(created).get("consumer"));
    assertEquals("DeliverCallback", awaitReceived(audit).get("consumer"));
  }

  @Test
  @Order(4)
  void basicGetMakesAReceiveSpanLinkedToThePublisher() {
    String messageId = post("/messages?route=pending", "pending-1");
    ReceivedSpan publish = receiver.awaitSpan(
        s -> "PRODUCER".equals(s.kind()) && "pending".equals(s.attr("messaging.rabbitmq.destination.routing_key")),
        WAIT);

    Http.Response got = Http.get(baseUrl + "/get");
    assertEquals(200, got.status(), got.body());
    assertEquals(messageId, Json.object(got.body()).get("messageId"));
    assertEquals("amqp-app", Json.object(got.body()).get("xApp"));

    ReceivedSpan receive = receiver.awaitSpan(
        s -> "CONSUMER".equals(s.kind()) && messageId.equals(s.attr("messaging.message.id"))
            && "receive".equals(s.attr("messaging.operation.type")),
        WAIT);
    ReceivedSpan getRequest = receiver.awaitSpan(s -> s.spanId().equals(receive.parentSpanId()), WAIT);
    assertEquals("GET /get", getRequest.name(), "the poll's parent is the request that polled");
    assertEquals("receive " + pendingQueue, receive.name());
    assertEquals(pendingQueue, receive.attr("messaging.destination.name"));
    assertEquals("receive", receive.attr("messaging.operation.name"));
    assertEquals(1, receive.links().size(), receive.toString());
    ReceivedLink link = receive.links().get(0);
    assertEquals(publish.traceId(), link.traceId());
    assertEquals(publish.spanId(), link.spanId());
    assertNotEquals(publish.traceId(), receive.traceId(), "linked, not parented");
  }

  @Test
  @Order(5)
  void malformedOrMissingTraceHeadersStartNewTracesQuietly() throws Exception {
    String garbageString = UUID.randomUUID().toString();
    String garbageBytes = UUID.randomUUID().toString();
    String none = UUID.randomUUID().toString();
    String validBytes = UUID.randomUUID().toString();
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String spanId = "00f067aa0ba902b7";
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(RabbitBroker.HOST);
    factory.setPort(RabbitBroker.PORT);
    try (Connection connection = factory.newConnection("amqp-app-test-" + suffix);
        Channel channel = connection.createChannel()) {
      publish(channel, garbageString, Map.of("traceparent", "00-not-a-trace-context", "tracestate", "=;=;"));
      publish(channel, garbageBytes, Map.of("traceparent", "\u0000\u00ff garbage".getBytes(StandardCharsets.ISO_8859_1)));
      publish(channel, none, null);
      publish(channel, validBytes,
          Map.of("traceparent", ("00-" + traceId + "-" + spanId + "-01").getBytes(StandardCharsets.US_ASCII)));
    }

    for (String messageId : List.of(garbageString, garbageBytes, none)) {
      ReceivedSpan process = awaitProcess(messageId);
      assertTrue(process.isRoot(), "a new trace for " + process);
      assertEquals("process " + auditQueue, process.name());
      awaitReceived(messageId);
    }
    ReceivedSpan continued = awaitProcess(validBytes);
    assertEquals(traceId, continued.traceId(), "a byte[] traceparent is read too");
    assertEquals(spanId, continued.parentSpanId());

    String log = app.log();
    assertFalse(log.contains("Exception"), log);
    assertFalse(log.contains("[sightline] WARN"), log);
    assertFalse(log.contains("[sightline] ERROR"), log);
  }

  @Test
  @Order(6)
  void metricsCountMessagesWithBoundedLabels() {
    String broadcast = post("/messages?route=broadcast", "to-everyone");
    awaitReceived(broadcast);
    awaitReceived(post("/messages?route=created", "order-3"));

    MetricsScrape metrics = awaitMetrics(m -> m.sum("messaging_client_consumed_messages_total",
        "messaging_destination_name", createdQueue) >= 3);
    Set<String> labels = Set.of("messaging_system", "messaging_operation_name", "messaging_destination_name",
        "messaging_consumer_group_name", "error_type");
    for (String name : List.of("messaging_client_sent_messages_total", "messaging_client_consumed_messages_total",
        "messaging_client_operation_duration_seconds_count", "messaging_process_duration_seconds_count")) {
      assertFalse(metrics.samples(name).isEmpty(), name + " in " + metrics.names());
      for (MetricsScrape.Sample sample : metrics.samples(name)) {
        assertEquals(labels, Set.copyOf(sample.labels().keySet()), sample.toString());
      }
    }
    assertTrue(metrics.sum("messaging_client_sent_messages_total", "messaging_system", "rabbitmq",
        "messaging_operation_name", "publish", "messaging_destination_name", exchange, "error_type", "") >= 5,
        metrics.samples("messaging_client_sent_messages_total").toString());
    assertTrue(metrics.sum("messaging_client_sent_messages_total",
        "messaging_destination_name", "amq.default") >= 1);
    assertTrue(metrics.sum("messaging_client_consumed_messages_total", "messaging_operation_name", "process",
        "messaging_destination_name", auditQueue, "messaging_consumer_group_name", "") >= 5);
    assertTrue(metrics.sum("messaging_client_consumed_messages_total", "messaging_operation_name", "receive",
        "messaging_destination_name", pendingQueue) >= 1);
    assertTrue(metrics.sum("messaging_process_duration_seconds_count",
        "messaging_destination_name", "(temporary)") >= 1, "the server-named broadcast queue is folded");
    assertTrue(metrics.find("messaging_client_operation_duration_seconds_bucket",
        "messaging_operation_name", "publish", "messaging_destination_name", exchange, "le", "0.005").isPresent());
    assertTrue(metrics.find("messaging_client_operation_duration_seconds_bucket",
        "messaging_operation_name", "publish", "messaging_destination_name", exchange, "le", "10.0").isPresent());
    for (String name : metrics.names()) {
      if (name.startsWith("messaging_")) {
        for (String destination : metrics.labelValues(name, "messaging_destination_name")) {
          assertFalse(destination.startsWith("amq.gen-"), name + " has a generated queue name: " + destination);
        }
      }
    }
  }

  @Test
  @Order(7)
  void healthFollowsTheBrokerConnectionThroughLossAndRecovery() {
    String dependency = RabbitBroker.HOST + ":" + RabbitBroker.PORT;
    assertEquals("UP", rabbitStatus(Http.get(app.endpointUrl("/health"))), "before");

    RabbitBroker.closeConnection("amqp-app-" + suffix, "sightline test");

    Http.Response down = awaitHealth(response -> "DOWN".equals(rabbitStatus(response)));
    assertEquals(503, down.status(), down.body());
    assertTrue(down.body().contains("CONNECTION_FORCED"), down.body());
    assertTrue(down.body().contains(dependency), down.body());

    Http.Response up = awaitHealth(response -> "UP".equals(rabbitStatus(response)));
    assertEquals(200, up.status(), up.body());

    // Recovery brought the consumers back too: messages flow again, traced.
    String messageId = post("/messages?route=created", "after-recovery");
    ReceivedSpan process = awaitProcess(messageId);
    assertFalse(process.isRoot(), process.toString());
    app.awaitLog("[sightline] INFO rabbitmq connection to " + dependency + " recovered", WAIT);
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void publish(Channel channel, String messageId, Map<String, Object> headers) throws Exception {
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
        .messageId(messageId).contentType("text/plain").headers(headers).build();
    channel.basicPublish(exchange, "audit", properties, ("from the test " + messageId).getBytes(StandardCharsets.UTF_8));
  }

  private String post(String path, String body) {
    Http.Response response = Http.post(baseUrl + path, body);
    assertEquals(202, response.status(), response.body());
    return (String) Json.object(response.body()).get("messageId");
  }

  private ReceivedSpan awaitProcess(String messageId) {
    return receiver.awaitSpan(
        s -> "CONSUMER".equals(s.kind()) && messageId.equals(s.attr("messaging.message.id"))
            && "process".equals(s.attr("messaging.operation.type")),
        WAIT);
  }

  /** The trace of {@code span}, once it holds a SERVER span for {@code path} (the last of the chain). */
  private List<ReceivedSpan> awaitTraceWith(ReceivedSpan span, String path) {
    receiver.awaitSpan(s -> s.traceId().equals(span.traceId()) && path.equals(s.attr("url.path"))
        && "SERVER".equals(s.kind()), WAIT);
    return receiver.trace(span.traceId());
  }

  private static ReceivedSpan only(List<ReceivedSpan> trace, Predicate<ReceivedSpan> which) {
    List<ReceivedSpan> matching = trace.stream().filter(which).collect(Collectors.toList());
    assertEquals(1, matching.size(), "one matching span in " + trace);
    return matching.get(0);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> awaitReceived(String messageId) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      for (Object entry : Json.array(Http.get(baseUrl + "/received").body())) {
        Map<String, Object> message = (Map<String, Object>) entry;
        if (messageId.equals(message.get("messageId"))) {
          return message;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("message " + messageId + " was not processed within " + WAIT + "; app log:\n" + app.log());
      }
      pause(Duration.ofMillis(100));
    }
  }

  private MetricsScrape awaitMetrics(Predicate<MetricsScrape> condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      MetricsScrape scrape = MetricsScrape.scrape(app.endpointUrl("/metrics"));
      if (condition.test(scrape) || System.nanoTime() > deadline) {
        return scrape;
      }
      pause(Duration.ofMillis(200));
    }
  }

  private Http.Response awaitHealth(Predicate<Http.Response> condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Http.Response last;
    while (true) {
      last = Http.get(app.endpointUrl("/health"));
      if (condition.test(last)) {
        return last;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("health never matched within " + WAIT + "; last: " + last.body());
      }
      pause(Duration.ofMillis(50));
    }
  }

  @SuppressWarnings("unchecked")
  private static String rabbitStatus(Http.Response health) {
    Object dependencies = Json.object(health.body()).get("dependencies");
    for (Object entry : (List<Object>) dependencies) {
      Map<String, Object> dependency = (Map<String, Object>) entry;
      if ("rabbitmq".equals(dependency.get("type"))
          && (RabbitBroker.HOST + ":" + RabbitBroker.PORT).equals(dependency.get("name"))) {
        return (String) dependency.get("status");
      }
    }
    return null;
  }
}
