package dev.sightline.apps.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sightline.testing.Json;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * kafka-app with the agent against a real KRaft broker: an order's HTTP request, its Kafka send,
 * its processing and the work done while processing form one trace; messaging metrics and lag;
 * malformed trace headers; a broker outage and recovery.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaAppTest extends KafkaAppTestSupport {

  private static final String TOPIC = "orders";
  private static final String GROUP = "order-processor";

  @BeforeAll
  void startApp() throws Exception {
    broker.createTopic(TOPIC);
    appPort = TestApp.freePort();
    app = startApp(TestApp.builder("dev.sightline.apps.kafka.KafkaApp").serviceName("kafka-app"), appPort, TOPIC, GROUP);
  }

  @Test
  @Order(1)
  void orderRequestSendProcessingAndItsWorkAreOneTrace() throws Exception {
    String traceId = postOrderInNewTrace(appPort, 202);
    List<ReceivedSpan> trace = awaitTrace(traceId, spans ->
        find(spans, s -> s.name().equals("POST /downstream")).isPresent()
            && find(spans, s -> s.attributes().containsKey("db.system.name")).isPresent());

    ReceivedSpan server = single(trace, s -> s.kind().equals("SERVER") && s.name().equals("POST /orders"));
    ReceivedSpan send = single(trace, s -> s.kind().equals("PRODUCER"));
    ReceivedSpan process = single(trace, s -> s.kind().equals("CONSUMER"));
    ReceivedSpan client = single(trace, s -> s.kind().equals("CLIENT") && s.attr("http.request.method") != null
        && process.spanId().equals(s.parentSpanId()));
    ReceivedSpan downstream = single(trace, s -> s.name().equals("POST /downstream"));

    assertEquals("send " + TOPIC, send.name());
    assertEquals(server.spanId(), send.parentSpanId(), "send is a child of the HTTP request");
    assertEquals("kafka", send.attr("messaging.system"));
    assertEquals("send", send.attr("messaging.operation.type"));
    assertEquals("send", send.attr("messaging.operation.name"));
    assertEquals(TOPIC, send.attr("messaging.destination.name"));
    assertEquals("0", send.attr("messaging.destination.partition.id"));
    assertNotNull(send.longAttr("messaging.kafka.offset"), "offset recorded on acknowledgement: " + send);
    assertEquals("order-publisher", send.attr("messaging.client.id"));
    assertEquals("127.0.0.1", send.attr("server.address"));
    assertTrue(send.endNanos() > send.startNanos());

    assertEquals("process " + TOPIC, process.name());
    assertEquals(send.spanId(), process.parentSpanId(), "processing continues the producer's trace");
    assertEquals("kafka", process.attr("messaging.system"));
    assertEquals("process", process.attr("messaging.operation.type"));
    assertEquals("process", process.attr("messaging.operation.name"));
    assertEquals(TOPIC, process.attr("messaging.destination.name"));
    assertEquals(GROUP, process.attr("messaging.consumer.group.name"));
    assertEquals("0", process.attr("messaging.destination.partition.id"));
    assertEquals(send.longAttr("messaging.kafka.offset"), process.longAttr("messaging.kafka.offset"));
    assertEquals("order-processor", process.attr("messaging.client.id"));

    assertEquals("POST", client.attr("http.request.method"));
    assertTrue(client.attr("url.full").contains("/downstream"), client.toString());
    assertEquals(client.spanId(), downstream.parentSpanId());
    assertTrue(client.startNanos() >= process.startNanos() && client.endNanos() <= process.endNanos(),
        "the downstream call happens while the record is processed");

    ReceivedSpan jdbc = single(trace, s -> s.attributes().containsKey("db.system.name"));
    assertEquals(process.spanId(), jdbc.parentSpanId(), "the insert joins processing");
    assertEquals("h2database", jdbc.attr("db.system.name"));
  }

  @Test
  @Order(2)
  void messagingMetricsAndConsumerLagAreExposed() {
    MetricsScrape scrape = awaitMetrics(app, s ->
        s.sum("messaging_client_sent_messages_total", "messaging_destination_name", TOPIC) >= 1
            && s.sum("messaging_client_consumed_messages_total", "messaging_destination_name", TOPIC) >= 1
            && s.find("messaging_kafka_consumer_lag", "messaging_destination_name", TOPIC).isPresent());
    assertTrue(scrape.find("messaging_client_sent_messages_total", "messaging_system", "kafka",
        "messaging_operation_name", "send", "messaging_destination_name", TOPIC, "error_type", "").isPresent());
    assertTrue(scrape.find("messaging_client_consumed_messages_total", "messaging_system", "kafka",
        "messaging_destination_name", TOPIC, "messaging_consumer_group_name", GROUP).isPresent());
    assertTrue(scrape.sum("messaging_client_operation_duration_seconds_count",
        "messaging_operation_name", "send", "messaging_destination_name", TOPIC) >= 1);
    assertTrue(scrape.sum("messaging_process_duration_seconds_count",
        "messaging_destination_name", TOPIC, "messaging_consumer_group_name", GROUP) >= 1);
    MetricsScrape.Sample lag = scrape.find("messaging_kafka_consumer_lag",
        "messaging_destination_name", TOPIC, "messaging_destination_partition_id", "0",
        "messaging_consumer_group_name", GROUP).orElseThrow();
    assertTrue(lag.value() >= 0, lag.toString());
    assertEquals(Optional.of("histogram"), scrape.type("messaging_client_operation_duration_seconds"));
  }

  @Test
  @Order(3)
  void recordWithMalformedTraceparentStartsANewTrace() throws Exception {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    RecordMetadata metadata;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, "garbage-order", "{\"item\":\"pen\"}");
      record.headers().add("traceparent", "00-not-a-trace-id-zz".getBytes(StandardCharsets.UTF_8));
      record.headers().add("tracestate", "=,=".getBytes(StandardCharsets.UTF_8));
      record.headers().add("baggage", new byte[] {(byte) 0xff, 0x00, '=', ';'});
      metadata = producer.send(record).get(30, TimeUnit.SECONDS);
    }
    long offset = metadata.offset();
    ReceivedSpan process = receiver.awaitSpan(s -> s.kind().equals("CONSUMER")
        && Long.valueOf(offset).equals(s.longAttr("messaging.kafka.offset")), WAIT);
    assertTrue(process.isRoot(), "no parent from a malformed traceparent: " + process);
    List<ReceivedSpan> trace = awaitTrace(process.traceId(), spans ->
        find(spans, s -> s.kind().equals("CLIENT") && process.spanId().equals(s.parentSpanId())).isPresent());
    assertTrue(trace.stream().noneMatch(s -> s.kind().equals("PRODUCER")), trace.toString());
    app.awaitLog("processed order garbage-order", WAIT);
    assertFalse(app.log().contains("Exception"), "no exception in the app log:\n" + app.log());
    assertFalse(app.log().contains("instrumentation failed"), app.log());
  }

  @Test
  @Order(9)
  void brokerOutageFailsSendsAndHealthThenBothRecover() throws Exception {
    broker.stop();
    long started = System.nanoTime();
    HttpResponse<String> failed = post(appPort, "/orders", "{\"item\":\"lamp\"}", Map.of());
    assertEquals(503, failed.statusCode(), failed.body());
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20), "a bounded failure");
    Map<String, Object> kafka = awaitKafkaDependency("error");
    assertEquals("DEGRADED", kafka.get("status"));
    ReceivedSpan failedSend = receiver.awaitSpan(s -> s.kind().equals("PRODUCER") && "ERROR".equals(s.statusCode()), WAIT);
    assertNotNull(failedSend.attr("error.type"), failedSend.toString());

    broker.start();
    String traceId = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (traceId == null) {
      String candidate = randomHex(16);
      HttpResponse<String> response = post(appPort, "/orders", "{\"item\":\"desk\"}",
          Map.of("traceparent", "00-" + candidate + "-" + randomHex(8) + "-01"));
      if (response.statusCode() == 202) {
        traceId = candidate;
      } else if (System.nanoTime() > deadline) {
        fail("orders still failing 60 s after the broker came back: " + response.statusCode());
      } else {
        Thread.sleep(500);
      }
    }
    List<ReceivedSpan> trace = awaitProcessedOrder(traceId);
    ReceivedSpan send = single(trace, s -> s.kind().equals("PRODUCER"));
    assertEquals(send.spanId(), single(trace, s -> s.kind().equals("CONSUMER")).parentSpanId());
    assertEquals("ok", awaitKafkaDependency("ok").get("lastOutcome"));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> awaitKafkaDependency(String outcome) throws Exception {
    Map<String, Object> last = null;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(app.endpointUrl("/health")))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      for (Object dependency : (List<Object>) Json.object(health.body()).get("dependencies")) {
        Map<String, Object> entry = (Map<String, Object>) dependency;
        if ("kafka".equals(entry.get("type")) && broker.bootstrap().equals(entry.get("name"))) {
          last = entry;
          if (outcome.equals(entry.get("lastOutcome"))) {
            return entry;
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("kafka dependency never reported " + outcome + "; last: " + last);
  }
}
