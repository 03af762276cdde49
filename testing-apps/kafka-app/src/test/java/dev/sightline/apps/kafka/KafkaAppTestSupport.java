package dev.sightline.apps.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sightline.testing.KafkaBroker;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A real KRaft broker, an OTLP receiver and helpers shared by the kafka-app test classes: orders
 * are posted inside a trace the test starts, so each order's spans are found by trace id.
 */
abstract class KafkaAppTestSupport {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  KafkaBroker broker;
  OtlpReceiver receiver;
  TestApp app;
  int appPort;

  @BeforeAll
  void startBrokerAndReceiver() throws Exception {
    broker = KafkaBroker.start(Path.of("target", "kafka-broker", getClass().getSimpleName() + "-" + System.nanoTime()));
    receiver = OtlpReceiver.start();
  }

  @AfterAll
  void stopAll() throws Exception {
    if (app != null) {
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** Starts kafka-app with the agent on a fresh port, consuming {@code topic} in {@code group}. */
  TestApp startApp(TestApp.Builder builder, int port, String topic, String group, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port),
        "--bootstrap", broker.bootstrap(), "--topic", topic, "--group", group));
    args.addAll(List.of(extraArgs));
    TestApp started = builder.otlp(receiver).args(args.toArray(new String[0])).start();
    started.awaitLog("kafka-app listening", Duration.ofSeconds(60));
    return started;
  }

  /** POSTs an order to the app on {@code port} inside a new trace; returns the trace id. */
  String postOrderInNewTrace(int port, int expectedStatus) throws Exception {
    String traceId = randomHex(16);
    HttpResponse<String> response = post(port, "/orders", "{\"item\":\"book\"}",
        Map.of("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01"));
    assertEquals(expectedStatus, response.statusCode(), response.body());
    return traceId;
  }

  static HttpResponse<String> post(int port, String path, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits for the trace to contain the downstream SERVER span, the last span of an order's processing. */
  List<ReceivedSpan> awaitProcessedOrder(String traceId) {
    return awaitTrace(traceId, spans ->
        find(spans, s -> s.kind().equals("SERVER") && s.name().equals("POST /downstream")).isPresent());
  }

  List<ReceivedSpan> awaitTrace(String traceId, Predicate<List<ReceivedSpan>> complete) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<ReceivedSpan> spans = receiver.trace(traceId);
      if (complete.test(spans)) {
        sleep(300); // let the rest of the batch arrive
        return receiver.trace(traceId);
      }
      sleep(100);
    }
    throw new AssertionError("trace " + traceId + " incomplete: " + receiver.trace(traceId)
        + (app == null ? "" : "\nApp log:\n" + app.log()));
  }

  /** The first scrape of {@code app}'s /metrics that meets {@code condition}, within {@link #WAIT}. */
  static MetricsScrape awaitMetrics(TestApp app, Predicate<MetricsScrape> condition) {
    return MetricsScrape.await(app.endpointUrl("/metrics"), WAIT, condition, () -> "");
  }

  static Optional<ReceivedSpan> find(List<ReceivedSpan> spans, Predicate<ReceivedSpan> condition) {
    return spans.stream().filter(condition).findFirst();
  }

  static ReceivedSpan single(List<ReceivedSpan> spans, Predicate<ReceivedSpan> condition) {
    List<ReceivedSpan> matches = spans.stream().filter(condition).toList();
    assertEquals(1, matches.size(), "exactly one matching span in " + spans);
    return matches.get(0);
  }

  static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    random[0] |= 1; // never all zeros
    return HexFormat.of().formatHex(random);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
