package dev.sightline.apps.war;

import static dev.sightline.apps.war.Spans.assertParent;
import static dev.sightline.apps.war.Spans.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.KafkaBroker;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.Services;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two deployments side by side in one standalone Tomcat, each with its own kafka-clients in its
 * WEB-INF/lib: {@code shop-k4} (the WAR with kafka-clients 4.x) and {@code shop-k3} (the same WAR
 * with kafka-clients 3.x). Each one's order is its own complete trace, with its own topic,
 * consumer group and queue, and nothing of the other deployment in it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TomcatTwoKafkaClientsIT {

  private static final String K4 = "shop-k4";
  private static final String K3 = "shop-k3";
  private static final String SERVICE = "war-app-two-kafka-clients";

  private final String runId = Spans.runId();
  private KafkaBroker broker;
  private OtlpReceiver receiver;
  private StandaloneTomcat tomcat;
  private WarAppClient k4;
  private WarAppClient k3;

  @BeforeAll
  void start() throws Exception {
    Services.requireTcp("RabbitMQ", OrderFlowContract.AMQP_HOST, OrderFlowContract.AMQP_PORT,
        "testing-apps/services.sh ensure");
    broker = KafkaBroker.start(Path.of("target", "kafka-broker", getClass().getSimpleName() + "-" + runId));
    receiver = OtlpReceiver.start();
    tomcat = new StandaloneTomcat("tomcat11-two-kafka-clients");
    OrderFlowContract.configure(tomcat, broker, receiver, SERVICE, runId);
    tomcat.deploy(StandaloneContainer.fromPom("war-app.war"), K4);
    tomcat.deploy(StandaloneContainer.fromPom("war-app.kafka3.war"), K3);
    tomcat.start();
    k4 = new WarAppClient(tomcat, K4);
    k3 = new WarAppClient(tomcat, K3);
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {tomcat, receiver, broker}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        e.printStackTrace();
      }
    }
  }

  @Test
  @Order(1)
  void eachDeploymentRunsItsOwnKafkaClientsWithItsOwnNames() {
    String version4 = System.getProperty("war-app.kafka.version");
    String version3 = System.getProperty("war-app.kafka3.version");
    assertEquals(version4, k4.info("kafkaClients"));
    assertEquals("kafka-clients-" + version4 + ".jar", k4.info("kafkaClientsJar"));
    assertEquals(version3, k3.info("kafkaClients"));
    assertEquals("kafka-clients-" + version3 + ".jar", k3.info("kafkaClientsJar"));
    assertTrue(tomcat.log().contains("war-app: [/" + K4 + "] started on Apache Tomcat/11"), tomcat.log());
    assertTrue(tomcat.log().contains("[/" + K3 + "] started on Apache Tomcat/11.0.24 with kafka-clients " + version3
        + " (kafka-clients-" + version3 + ".jar)"), tomcat.log());
    for (String key : List.of("topic", "group", "exchange", "queue", "database")) {
      assertNotEquals(k4.info(key), k3.info(key), key);
    }
    assertEquals(K4 + ".orders." + runId, k4.topic());
    assertEquals(K3 + ".orders." + runId, k3.topic());
    // The webapps themselves work, each through its own client version.
    String order4 = k4.placeOrder("book", 1, Spans.traceparent(Spans.newTraceId(), Spans.newSpanId()));
    String order3 = k3.placeOrder("book", 1, Spans.traceparent(Spans.newTraceId(), Spans.newSpanId()));
    k4.awaitShippedAndAudited(order4);
    k3.awaitShippedAndAudited(order3);
  }

  @Test
  @Order(2)
  void eachOrderIsItsOwnCompleteKafkaTraceWithoutCrossTalk() {
    String trace4 = Spans.newTraceId();
    String trace3 = Spans.newTraceId();
    k4.placeOrder("mug", 2, Spans.traceparent(trace4, Spans.newSpanId()));
    k3.placeOrder("mug", 3, Spans.traceparent(trace3, Spans.newSpanId()));

    List<ReceivedSpan> spans4 = assertKafkaTrace(k4, trace4);
    List<ReceivedSpan> spans3 = assertKafkaTrace(k3, trace3);

    assertNoSpanOf(k3, spans4);
    assertNoSpanOf(k4, spans3);
    assertTrue(spans4.stream().noneMatch(s -> s.traceId().equals(trace3)));
  }

  /** SERVER order request, Kafka send, its processing by the same deployment's consumer, the JDBC write under it. */
  private List<ReceivedSpan> assertKafkaTrace(WarAppClient app, String traceId) {
    String orders = app.path("/orders");
    List<ReceivedSpan> trace = Spans.awaitTrace(receiver, traceId, List.of("SERVER POST " + orders,
        "PRODUCER send " + app.topic(), "CONSUMER process " + app.topic(), "CLIENT UPDATE war_orders",
        "PRODUCER publish " + app.exchange(), "CONSUMER process " + app.queue()),
        () -> "Tomcat log:\n" + tomcat.log());
    ReceivedSpan server = single(trace, "SERVER", "POST " + orders);
    assertEquals(orders, server.attr("http.route"));
    ReceivedSpan send = single(trace, "PRODUCER", "send " + app.topic());
    assertParent(server, send);
    assertEquals("dev.sightline.kafka-clients", send.scopeName());
    assertEquals(app.topic(), send.attr("messaging.destination.name"));
    assertEquals(app.info("name") + "-orders", send.attr("messaging.client.id"));
    ReceivedSpan process = single(trace, "CONSUMER", "process " + app.topic());
    assertParent(send, process);
    assertEquals(app.group(), process.attr("messaging.consumer.group.name"));
    assertEquals(app.info("name") + "-shipping", process.attr("messaging.client.id"));
    assertEquals(send.longAttr("messaging.kafka.offset"), process.longAttr("messaging.kafka.offset"));
    ReceivedSpan update = single(trace, "CLIENT", "UPDATE war_orders");
    assertParent(process, update);
    assertEquals(app.database(), update.attr("db.namespace"));
    ReceivedSpan insert = single(trace, "CLIENT", "INSERT war_orders");
    assertParent(server, insert);
    assertEquals(app.database(), insert.attr("db.namespace"));
    assertEquals(12, trace.size(), "the order's twelve spans:\n" + Spans.describe(trace));
    return trace;
  }

  /** No span names, routes, paths, destinations, groups or databases of the other deployment. */
  private static void assertNoSpanOf(WarAppClient other, List<ReceivedSpan> trace) {
    List<String> marks = List.of("/" + other.context + "/", other.topic(), other.group(), other.exchange(),
        other.queue());
    for (ReceivedSpan span : trace) {
      for (String mark : marks) {
        assertTrue(!span.name().contains(mark), "span of " + other.context + " in the other's trace: " + span);
      }
      for (Map.Entry<String, Object> attribute : span.attributes().entrySet()) {
        String value = String.valueOf(attribute.getValue());
        for (String mark : marks) {
          assertTrue(!value.contains(mark), other.context + "'s " + mark + " in " + attribute + " of " + span);
        }
        if (attribute.getKey().equals("db.namespace")) {
          assertNotEquals(other.database(), value, span.toString());
        }
      }
    }
  }
}
