package dev.sightline.apps.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The operations pack on the real thing: a Prometheus server (the Debian package) scrapes the
 * shop under {@code --load} with the agent every second and evaluates the pack's rules, their
 * durations divided by {@value #SHORTER} so minutes become seconds. Every dashboard query returns
 * data, every rule evaluates, the exemplars Prometheus stored name traces the OTLP export has, and
 * two injected failures fire their alerts: the inventory service down (the shop's
 * {@code --inventory-url} points at a service in this JVM that stops listening) and the AMQP broker
 * stopped (it runs in this JVM too).
 */
class OpsPackPrometheusTest {

  /** Production durations divided by this for the test: 5m becomes 10s, 1m becomes 2s. */
  static final int SHORTER = 30;
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Map<String, String> DASHBOARD_VARIABLES =
      Map.of("service", "shop", "instance", ".+", "route", ".*");

  @Test
  void prometheusScrapingTheShopShowsEveryPanelEvaluatesEveryRuleKeepsExemplarsAndAlertsOnFailures()
      throws Exception {
    long started = System.nanoTime();
    long startSeconds = System.currentTimeMillis() / 1000 - 1;
    try (StoppableAmqpBroker broker = StoppableAmqpBroker.start();
        InventoryService inventory = InventoryService.start();
        RunningShop shop = RunningShop.start("shop-ops", "--load", "--load-rate", "8", "--amqp-uri", broker.uri(),
            "--inventory-url", inventory.url());
        PrometheusServer prometheus = PrometheusServer.start(
            Path.of("target"),
            OpsPack.withShortDurations(OpsPack.alerts(), SHORTER),
            "shop",
            "127.0.0.1:" + shop.app.endpointPort())) {
      phase("shop and Prometheus started", started);

      theEndpointServesThePack(shop);
      everyPanelQueryReturnsData(prometheus);
      phase("every dashboard query has data", started);
      promtoolFindsNothingWrongWithTheMetrics(shop);
      everyRuleEvaluatesWithoutError(prometheus);
      exemplarsNameExportedSpans(prometheus, shop, startSeconds);
      phase("rules evaluated, exemplars checked", started);

      List<Expected> expected = List.of(
          // The inventory service goes down: every call to it is refused, so every order fails.
          // (The load alone makes 5% of the orders fail with 5xx, close enough to the 10% threshold
          // over a 10 s window that /orders may be pending before the failure: not checked then.)
          new Expected("SightlineHttpClientErrorRatioHigh",
              Map.of("server_address", "127.0.0.1", "server_port", Integer.toString(inventory.port())), true),
          new Expected("SightlineHttpServerErrorRatioHigh", Map.of("http_route", "/orders"), false),
          // The AMQP broker stops: the dependency and the service go DOWN, audit messages stop.
          new Expected("SightlineDependencyDown", Map.of("type", "rabbitmq", "name", broker.address()), true),
          new Expected("SightlineServiceHealthDown", Map.of("job", "shop"), true),
          new Expected("SightlineMessagesNotSent",
              Map.of("messaging_system", "rabbitmq", "messaging_destination_name", "shop.audit"), true));
      List<Map<String, Object>> before = prometheus.alerts();
      for (Expected alert : expected) {
        assertTrue(!alert.quietBefore() || before.stream().noneMatch(alert::matches),
            alert + " is active before the failure: " + before);
      }

      inventory.stop();
      broker.stop();
      awaitFiring(prometheus, expected);
      phase("injected failures fired their alerts", started);
    }
  }

  private static void theEndpointServesThePack(RunningShop shop) {
    Http.Response alerts = Http.get(shop.app.endpointUrl("/ops/alerts.yml"));
    assertEquals(200, alerts.status(), alerts.body());
    assertTrue(alerts.header("Content-Type").startsWith("application/yaml"), alerts.header("Content-Type"));
    assertEquals(OpsPack.alerts(), alerts.body());
    Http.Response dashboard = Http.get(shop.app.endpointUrl("/ops/dashboard.json"));
    assertEquals(200, dashboard.status(), dashboard.body());
    assertTrue(dashboard.header("Content-Type").startsWith("application/json"), dashboard.header("Content-Type"));
    assertEquals(OpsPack.dashboard(), dashboard.body());
  }

  private static void everyPanelQueryReturnsData(PrometheusServer prometheus) {
    List<OpsPack.PanelQuery> queries = OpsPack.panelQueries(OpsPack.dashboard());
    List<String> empty = List.of();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      empty = queries.stream()
          .filter(query -> prometheus.query(OpsPack.instantQuery(query.expr(), DASHBOARD_VARIABLES, "10s")).isEmpty())
          .map(query -> query.panel() + ": " + query.expr())
          .toList();
      if (empty.isEmpty()) {
        return;
      }
      RunningShop.sleep(1_000);
    }
    throw new AssertionError(empty.size() + " of " + queries.size() + " panel queries have no data:\n"
        + String.join("\n", empty));
  }

  private static void promtoolFindsNothingWrongWithTheMetrics(RunningShop shop) {
    Http.Response metrics = Http.get(shop.app.endpointUrl("/metrics"), "Accept", MetricsScrape.ACCEPT_TEXT);
    assertEquals(200, metrics.status());
    PrometheusTools.Result check =
        PrometheusTools.promtool(Path.of("target").toAbsolutePath(), metrics.body(), "check", "metrics");
    assertEquals(0, check.exitCode(), check.output());
    assertEquals("", check.output().strip(), "promtool check metrics complains");
  }

  private static void everyRuleEvaluatesWithoutError(PrometheusServer prometheus) {
    List<Map<String, Object>> rules = List.of();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      rules = prometheus.rules();
      if (!rules.isEmpty() && rules.stream().noneMatch(rule -> "unknown".equals(rule.get("health")))) {
        break;
      }
      RunningShop.sleep(500);
    }
    assertEquals(OpsPack.alertNames(OpsPack.alerts()).size(), rules.size(), "rules loaded: " + rules);
    List<String> failing = rules.stream()
        .filter(rule -> !"ok".equals(rule.get("health")))
        .map(rule -> rule.get("name") + " (" + rule.get("health") + "): " + rule.get("lastError"))
        .toList();
    assertTrue(failing.isEmpty(), "rules that do not evaluate:\n" + String.join("\n", failing));
  }

  /**
   * The HTTP server and client histograms name each request's own span; the database histogram
   * names the span current when the statement ended (its caller, in the statement's trace).
   */
  private static void exemplarsNameExportedSpans(PrometheusServer prometheus, RunningShop shop, long startSeconds) {
    Map<String, String> spansByExemplar = new LinkedHashMap<>();
    for (String histogram : List.of("http_server_request_duration_seconds_bucket",
        "http_client_request_duration_seconds_bucket", "db_client_operation_duration_seconds_bucket")) {
      List<Map<String, String>> exemplars = List.of();
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (exemplars.isEmpty() && System.nanoTime() < deadline) {
        exemplars = exemplarLabels(prometheus, histogram + "{job=\"shop\"}", startSeconds);
        if (exemplars.isEmpty()) {
          RunningShop.sleep(500);
        }
      }
      assertTrue(!exemplars.isEmpty(), "Prometheus stored no exemplar of " + histogram);
      for (Map<String, String> labels : exemplars) {
        assertTrue(labels.get("trace_id").matches("[0-9a-f]{32}") && labels.get("span_id").matches("[0-9a-f]{16}"),
            histogram + " exemplar " + labels);
        spansByExemplar.put(labels.get("trace_id") + "/" + labels.get("span_id"), histogram);
      }
    }
    List<Map<String, String>> messaging = exemplarLabels(prometheus,
        "{__name__=~\"messaging_.*_duration_seconds_bucket\", job=\"shop\"}", startSeconds);
    for (Map<String, String> labels : messaging) {
      spansByExemplar.put(labels.get("trace_id") + "/" + labels.get("span_id"), "messaging");
    }
    System.out.printf(Locale.ROOT, "[ops] %d distinct exemplars (%d on messaging histograms)%n",
        spansByExemplar.size(), messaging.size());

    Set<String> wanted = spansByExemplar.keySet();
    List<ReceivedSpan> exported = shop.receiver.awaitSpans(spans -> spans.stream()
            .map(span -> span.traceId() + "/" + span.spanId())
            .collect(Collectors.toSet())
            .containsAll(wanted), Duration.ofSeconds(20));
    assertTrue(exported.size() > 0);
  }

  private static List<Map<String, String>> exemplarLabels(PrometheusServer prometheus, String selector, long startSeconds) {
    List<Map<String, String>> labels = new ArrayList<>();
    long now = System.currentTimeMillis() / 1000 + 1;
    for (Map<String, Object> series : prometheus.exemplars(selector, startSeconds, now)) {
      for (Map<String, Object> exemplar : PrometheusServer.list(series.get("exemplars"))) {
        @SuppressWarnings("unchecked")
        Map<String, String> exemplarLabels = (Map<String, String>) (Map<String, ?>) exemplar.get("labels");
        labels.add(exemplarLabels);
      }
    }
    return labels;
  }

  private static void awaitFiring(PrometheusServer prometheus, List<Expected> expected) {
    List<Expected> missing = expected;
    List<Map<String, Object>> alerts = List.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      alerts = prometheus.alerts();
      List<Map<String, Object>> firing = alerts.stream().filter(alert -> "firing".equals(alert.get("state"))).toList();
      missing = expected.stream().filter(alert -> firing.stream().noneMatch(alert::matches)).toList();
      if (missing.isEmpty()) {
        return;
      }
      RunningShop.sleep(1_000);
    }
    throw new AssertionError("not firing: " + missing + "\nactive alerts: " + alerts);
  }

  private static void phase(String what, long startedNanos) {
    System.out.printf(Locale.ROOT, "[ops] %s after %.1f s%n", what, (System.nanoTime() - startedNanos) / 1e9);
  }

  /** An alert by name whose labels include {@code labels}; {@code quietBefore}: inactive until the failure. */
  record Expected(String name, Map<String, String> labels, boolean quietBefore) {
    boolean matches(Map<String, Object> alert) {
      @SuppressWarnings("unchecked")
      Map<String, Object> actual = (Map<String, Object>) alert.get("labels");
      if (!name.equals(actual.get("alertname"))) {
        return false;
      }
      return labels.entrySet().stream().allMatch(label -> label.getValue().equals(actual.get(label.getKey())));
    }
  }
}
