package dev.sightline.apps.shop;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shop started as {@code testing-apps/main-job.sh} starts it: the same main class, the agent
 * attached, embedded defaults (no addresses), service name "shop"; only the ports are free ones
 * and the traces go to an in-test OTLP receiver. It reads from its log where the embedded brokers
 * listen, so tests can name them in /health.
 */
final class RunningShop implements AutoCloseable {

  /** The embedded brokers dominate start-up; on a loaded two-core machine it can take half a minute. */
  static final Duration STARTUP = Duration.ofSeconds(120);
  static final Duration PATIENCE = Duration.ofSeconds(30);

  private static final Pattern LISTENING = Pattern.compile("shop listening on port (\\d+) ");
  private static final Pattern KAFKA = Pattern.compile("Kafka producer and topic shop\\.orders at (\\S+) ready");
  private static final Pattern AMQP = Pattern.compile("AMQP connection and queue shop\\.audit at amqp://[^@]*@([^/ ]+)");

  final OtlpReceiver receiver;
  final TestApp app;
  final int port;
  final String kafkaBootstrap;
  final String amqpAddress;

  private RunningShop(OtlpReceiver receiver, TestApp app) {
    this.receiver = receiver;
    this.app = app;
    app.awaitLog("shop listening on port ", STARTUP);
    this.port = Integer.parseInt(group(LISTENING));
    this.kafkaBootstrap = group(KAFKA);
    this.amqpAddress = group(AMQP);
  }

  /** Starts the shop with {@code extraArgs} after the main job's own arguments. */
  static RunningShop start(String name, String... extraArgs) {
    return start(name, Map.of(), extraArgs);
  }

  /** The same, with agent settings ({@code -Dkey=value}) too. */
  static RunningShop start(String name, Map<String, String> sysprops, String... extraArgs) {
    OtlpReceiver receiver = OtlpReceiver.start();
    List<String> args = new ArrayList<>(List.of("--port", "0"));
    args.addAll(List.of(extraArgs));
    TestApp app = null;
    try {
      TestApp.Builder builder = TestApp.builder(ShopApp.class.getName())
          .name(name)
          .serviceName("shop")
          .otlp(receiver)
          .args(args.toArray(new String[0]));
      sysprops.forEach(builder::sysprop);
      app = builder.start();
      return new RunningShop(receiver, app);
    } catch (RuntimeException | Error e) {
      if (app != null) {
        app.close();
      }
      receiver.close();
      throw e;
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  Http.Response order(String product, int quantity) {
    return Http.post(url("/orders"), "{\"product\":\"" + product + "\",\"quantity\":" + quantity + "}",
        "Content-Type", "application/json");
  }

  /** Polls {@code GET /orders/{id}} until the order is in the state {@code condition} names. */
  Map<String, Object> awaitOrder(String orderId, Predicate<Map<String, Object>> condition) {
    Map<String, Object> order = null;
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      Http.Response response = Http.get(url("/orders/" + orderId));
      if (response.status() != 200) {
        throw new AssertionError("GET /orders/" + orderId + " answered " + response.status() + ": " + response.body());
      }
      order = Json.object(response.body());
      if (condition.test(order)) {
        return order;
      }
      sleep(200);
    }
    throw new AssertionError("order " + orderId + " never reached the expected state: " + order);
  }

  Map<String, Object> health() {
    Http.Response response = Http.get(app.endpointUrl("/health"));
    return Json.object(response.body());
  }

  /** Scrapes /metrics until {@code condition} holds. */
  MetricsScrape awaitMetrics(Predicate<MetricsScrape> condition) {
    return MetricsScrape.await(app.endpointUrl("/metrics"), PATIENCE, condition, () -> "\nShop log:\n" + app.log());
  }

  /** Waits a moment for the line to be complete: the log is read as it is written, half lines too. */
  private String group(Pattern pattern) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    Matcher matcher = pattern.matcher(app.log());
    while (!matcher.find()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no match for " + pattern + " in the shop's log:\n" + app.log());
      }
      sleep(50);
      matcher = pattern.matcher(app.log());
    }
    return matcher.group(1);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      app.close();
    } finally {
      receiver.close();
    }
  }
}
