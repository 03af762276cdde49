package dev.sightline.apps.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kafka-app walking its records the other common ways (by partition, by topic, forEach), with the
 * optional poll spans, and on the newest 3.x client: processing still joins the producer's trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaClientVariantsTest extends KafkaAppTestSupport {

  @ParameterizedTest
  @ValueSource(strings = {"partitions", "topic", "lambda"})
  void everyWayOfIteratingRecordsTracesProcessing(String style) throws Exception {
    String topic = "orders-" + style;
    broker.createTopic(topic);
    // The partitions run also turns the optional poll spans on.
    boolean pollSpans = style.equals("partitions");
    int port = TestApp.freePort();
    TestApp.Builder builder = TestApp.builder("dev.sightline.apps.kafka.KafkaApp")
        .serviceName("kafka-app-" + style)
        .name("kafka-app-" + style)
        .sysprop("sightline.kafka.poll-spans", Boolean.toString(pollSpans));
    try (TestApp styled = startApp(builder, port, topic, "group-" + style, "--consume-style", style)) {
      List<ReceivedSpan> trace = awaitProcessedOrder(postOrderInNewTrace(port, 202));
      ReceivedSpan send = single(trace, s -> s.kind().equals("PRODUCER"));
      ReceivedSpan process = single(trace, s -> s.kind().equals("CONSUMER"));
      assertEquals("process " + topic, process.name());
      assertEquals(send.spanId(), process.parentSpanId());
      assertEquals("group-" + style, process.attr("messaging.consumer.group.name"));
      ReceivedSpan client = single(trace, s -> s.kind().equals("CLIENT") && s.attr("http.request.method") != null && process.spanId().equals(s.parentSpanId()));
      assertTrue(client.endNanos() <= process.endNanos(), "the process span ends after the record's work");
      if (pollSpans) {
        ReceivedSpan poll = receiver.awaitSpan(s -> s.name().equals("poll " + topic)
            && s.links().stream().anyMatch(link -> link.spanId().equals(send.spanId())), WAIT);
        assertEquals("CLIENT", poll.kind());
        assertEquals("receive", poll.attr("messaging.operation.type"));
        assertEquals("poll", poll.attr("messaging.operation.name"));
        assertEquals(1L, poll.longAttr("messaging.batch.message_count"));
      } else {
        sleep(300);
        assertTrue(receiver.spans().stream().noneMatch(s -> s.name().equals("poll " + topic)),
            "poll spans are off by default");
      }
    }
  }

  /**
   * A worker thread takes a partition's records and stops after the first: that record's span
   * still ends, with the worker's task, and the worker's next task (a count no request asked
   * for) runs under no stale parent: its query is a trace of its own.
   */
  @Test
  void aRecordLeftMidIterationOnAWorkerEndsWithItsTask() throws Exception {
    String topic = "orders-worker";
    broker.createTopic(topic);
    int port = TestApp.freePort();
    TestApp.Builder builder = TestApp.builder("dev.sightline.apps.kafka.KafkaApp")
        .serviceName("kafka-app-worker")
        .name("kafka-app-worker");
    try (TestApp worker = startApp(builder, port, topic, "group-worker", "--consume-style", "worker")) {
      List<ReceivedSpan> trace = awaitProcessedOrder(postOrderInNewTrace(port, 202));
      ReceivedSpan process = single(trace, s -> s.kind().equals("CONSUMER"));
      single(trace, s -> s.name().startsWith("INSERT") && process.spanId().equals(s.parentSpanId()));
      worker.awaitLog("worker count after hand-over", WAIT);
      ReceivedSpan count = receiver.awaitSpan(s -> s.name().equals("SELECT processed_orders"), WAIT);
      assertTrue(count.isRoot(), "the worker's next task ran under a stale parent: " + count);
      assertEquals(List.of(count), receiver.trace(count.traceId()), "the count is a trace of its own");
    }
  }

  /**
   * With no room for send spans that wait on the broker ({@code sightline.kafka.pending-send-spans=0})
   * every send span ends when send returns: it is still in the order's trace and still the
   * consumer's parent, the broker's answer still counts in the metrics, and the log says so once.
   */
  @Test
  void beyondThePendingLimitASendSpanEndsWhenSendReturns() throws Exception {
    String topic = "orders-hand-off";
    broker.createTopic(topic);
    int port = TestApp.freePort();
    TestApp.Builder builder = TestApp.builder("dev.sightline.apps.kafka.KafkaApp")
        .serviceName("kafka-app-hand-off")
        .name("kafka-app-hand-off")
        .sysprop("sightline.kafka.pending-send-spans", "0");
    try (TestApp handOff = startApp(builder, port, topic, "group-hand-off")) {
      List<ReceivedSpan> trace = awaitProcessedOrder(postOrderInNewTrace(port, 202));
      ReceivedSpan server = single(trace, s -> s.name().equals("POST /orders"));
      ReceivedSpan send = single(trace, s -> s.kind().equals("PRODUCER"));
      ReceivedSpan process = single(trace, s -> s.kind().equals("CONSUMER"));
      assertEquals(server.spanId(), send.parentSpanId());
      assertEquals(send.spanId(), process.parentSpanId());
      assertNull(send.longAttr("messaging.kafka.offset"), "the span ended before the broker's answer");
      assertEquals("send " + topic, send.name());
      handOff.awaitLog("Kafka sends await the broker's answer at once", WAIT);
      // the broker's answer is counted
      awaitMetrics(handOff, scrape -> scrape.sum("messaging_client_sent_messages_total", "messaging_destination_name", topic) >= 1);
    }
  }

  /** The same app on the newest 3.x client (3.9.1), swapped in for its 4.x one. */
  @Test
  void kafkaClients3xIsTracedTheSameWay() throws Exception {
    String topic = "orders-v3";
    broker.createTopic(topic);
    Path clients4 = Arrays.stream(Files.readString(Path.of("target", "runtime.classpath")).strip().split(File.pathSeparator))
        .map(Path::of)
        .filter(entry -> entry.getFileName().toString().startsWith("kafka-clients-"))
        .findFirst()
        .orElseThrow();
    Path clients3;
    try (var jars = Files.list(Path.of("target", "clients-3"))) {
      clients3 = jars.filter(j -> j.getFileName().toString().startsWith("kafka-clients-3.")).findFirst().orElseThrow();
    }
    Path javaHome = SwappedJarJava.create(Path.of("target", "java-kafka-clients-3"), clients4, clients3);
    int port = TestApp.freePort();
    TestApp.Builder builder = TestApp.builder("dev.sightline.apps.kafka.KafkaApp")
        .javaHome(javaHome)
        .serviceName("kafka-app-v3")
        .name("kafka-app-v3");
    try (TestApp v3 = startApp(builder, port, topic, "group-v3")) {
      String commandLine = Files.readString(Path.of("/proc", Long.toString(v3.pid()), "cmdline"));
      assertTrue(commandLine.contains(clients3.getFileName().toString()) && !commandLine.contains(clients4.toString()),
          "the app runs on " + clients3.getFileName());
      List<ReceivedSpan> trace = awaitProcessedOrder(postOrderInNewTrace(port, 202));
      ReceivedSpan server = single(trace, s -> s.name().equals("POST /orders"));
      ReceivedSpan send = single(trace, s -> s.kind().equals("PRODUCER"));
      ReceivedSpan process = single(trace, s -> s.kind().equals("CONSUMER"));
      assertEquals(server.spanId(), send.parentSpanId());
      assertNotNull(send.longAttr("messaging.kafka.offset"));
      assertEquals(send.spanId(), process.parentSpanId());
      assertEquals("group-v3", process.attr("messaging.consumer.group.name"));
      single(trace, s -> s.kind().equals("CLIENT") && s.attr("http.request.method") != null && process.spanId().equals(s.parentSpanId()));
      MetricsScrape scrape = MetricsScrape.scrape(v3.endpointUrl("/metrics"));
      assertTrue(scrape.sum("messaging_client_sent_messages_total", "messaging_destination_name", topic) >= 1);
      assertTrue(scrape.find("messaging_kafka_consumer_lag", "messaging_destination_name", topic).isPresent()
          || scrape.sum("messaging_client_consumed_messages_total", "messaging_destination_name", topic) >= 1);
    }
  }
}
