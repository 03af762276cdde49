package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.PATIENCE;
import static dev.sightline.apps.http.RunningApp.app;
import static dev.sightline.apps.http.RunningApp.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A collector that is down or slow costs the application nothing: requests stay fast, and the
 * agent reports the trouble on /health and /metrics instead.
 */
class ExporterTroubleTest {

  /** Far above what a request costs here, far below what waiting for a collector would cost. */
  private static final Duration FAST = Duration.ofMillis(1000);

  @Test
  void unreachableCollectorIsReportedNotFelt() {
    int closedPort = TestApp.freePort();
    try (RunningApp app = RunningApp.start(app("collector-down")
        .serviceName("collector-down")
        .sysprop("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + closedPort)
        .sysprop("otel.bsp.schedule.delay", "100"))) {
      List<Long> millis = timed(app, "/chain", 20);
      assertTrue(millis.stream().allMatch(ms -> ms < FAST.toMillis()), () -> "request times (ms): " + millis);

      RunningApp.eventually(Duration.ofSeconds(45), () -> {
        Map<String, Object> health = app.health();
        Map<String, Object> exporter = object(health.get("exporter"));
        assertEquals("failure", exporter.get("lastOutcome"), () -> "exporter: " + exporter);
        assertTrue((Long) exporter.get("failedSpans") > 0, () -> "exporter: " + exporter);
        assertTrue((Long) exporter.get("consecutiveFailures") > 0);
        assertTrue(String.valueOf(exporter.get("lastError")).length() > 0);
        assertEquals("DEGRADED", health.get("status"), () -> "health: " + health);
      });
      MetricsScrape metrics = app.metrics();
      assertEquals(0.0, metrics.sum("sightline_exporter_up"));
      assertTrue(metrics.sum("sightline_exporter_spans_failed_total") > 0);
      assertEquals(0.0, metrics.sum("sightline_exporter_spans_exported_total"));

      // Still serving, still fast.
      List<Long> later = timed(app, "/hello", 5);
      assertTrue(later.stream().allMatch(ms -> ms < FAST.toMillis()), () -> "later (ms): " + later);
      assertEquals(1, app.agentLines("INFO").size(), () -> app.log());
      // The SDK's export failures reach the agent log as warnings, throttled: a dead collector
      // must not flood it, and it is no error of the agent's.
      // One line, at the first failure, naming the collector and the reason; at most one a minute after.
      List<String> warnings = app.agentLines("WARN");
      assertEquals(1, warnings.size(), () -> "warnings: " + warnings);
      assertTrue(warnings.get(0).contains("span export to http://127.0.0.1:" + closedPort + "/v1/traces")
          && warnings.get(0).contains("java.net.ConnectException"), () -> "warnings: " + warnings);
      assertEquals(List.of(), app.agentLines("ERROR"));
    }
  }

  @Test
  void slowCollectorDropsSpansInsteadOfSlowingRequests() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      receiver.delayResponses(Duration.ofSeconds(30)); // far past the exporter's 10 s timeout
      try (RunningApp app = RunningApp.start(app("collector-slow", receiver)
          .sysprop("otel.bsp.max.queue.size", "8")
          .sysprop("otel.bsp.max.export.batch.size", "4"))) {
        List<Long> millis = timed(app, "/hello", 100);
        assertTrue(millis.stream().allMatch(ms -> ms < FAST.toMillis()), () -> "request times (ms): " + millis);

        RunningApp.eventually(PATIENCE, () -> {
          MetricsScrape metrics = app.metrics();
          assertTrue(metrics.sum("sightline_exporter_spans_dropped_total") > 0,
              () -> "dropped: " + metrics.samples("sightline_exporter_spans_dropped_total"));
        });
        double dropped = app.metrics().sum("sightline_exporter_spans_dropped_total");
        assertTrue(dropped <= 100, "at most every span dropped: " + dropped);
        Map<String, Object> exporter = object(app.health().get("exporter"));
        assertTrue((Long) exporter.get("droppedSpans") > 0, () -> "exporter: " + exporter);
        assertTrue(receiver.exportRequests() >= 1, "the exporter kept trying");
        // Drops are said once, with the collector and the settings to look at, not once per span.
        RunningApp.eventually(PATIENCE, () -> assertTrue(app.agentLines("WARN").stream()
            .anyMatch(line -> line.contains("spans dropped") && line.contains(receiver.endpoint() + "/v1/traces")), app::log));
        long dropLines = app.agentLines("WARN").stream().filter(line -> line.contains("spans dropped")).count();
        assertEquals(1, dropLines, () -> "drop warnings: " + app.agentLines("WARN"));
        assertTrue(app.agentLines("WARN").stream().noneMatch(line -> line.contains("BatchSpanProcessor")),
            () -> "the SDK's per-export drop lines stay at debug: " + app.agentLines("WARN"));
      }
    }
  }

  @Test
  void aCollectorAnswering503IsNamedOnceAndExportsResumeWhenItIsBack() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      receiver.respondWith(503);
      try (RunningApp app = RunningApp.start(app("collector-503", receiver).sysprop("otel.bsp.schedule.delay", "100"))) {
        timed(app, "/hello", 20);
        RunningApp.eventually(PATIENCE, () -> assertEquals(1, app.agentLines("WARN").size(), app::log));
        String warning = app.agentLines("WARN").get(0);
        assertTrue(warning.contains("span export to " + receiver.endpoint() + "/v1/traces")
            && warning.contains("the collector answered HTTP 503"), warning);
        timed(app, "/hello", 20);
        RunningApp.sleep(Duration.ofMillis(500));
        assertEquals(1, app.agentLines("WARN").size(), "still one line while it lasts: " + app.agentLines("WARN"));

        receiver.respondWith(200);
        receiver.clear();
        app.expect(200, "/hello?after=1");
        receiver.awaitSpan(span -> "after=1".equals(span.attr("url.query")), PATIENCE);
        RunningApp.eventually(PATIENCE, () -> assertTrue(app.agentLines("INFO").stream()
            .anyMatch(line -> line.contains("span export to " + receiver.endpoint() + "/v1/traces")
                && line.contains("works again")), app::log));
        assertEquals("success", object(app.health().get("exporter")).get("lastOutcome"));
      }
    }
  }

  @Test
  void aCollectorThatThrottlesRefusesOrDropsConnectionsIsSurvivedAndExportsResume() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      try (RunningApp app = RunningApp.start(app("collector-modes", receiver).sysprop("otel.bsp.schedule.delay", "100"))) {
        List<Long> millis = new ArrayList<>();
        // 429 with Retry-After, 413 (payload too large), then connections closed with no answer.
        receiver.respondWith(429);
        millis.addAll(timed(app, "/hello", 10));
        RunningApp.sleep(Duration.ofSeconds(3));
        receiver.respondWith(413);
        millis.addAll(timed(app, "/hello", 10));
        RunningApp.sleep(Duration.ofSeconds(3));
        receiver.respondWith(200);
        receiver.abortRequests(true);
        millis.addAll(timed(app, "/hello", 10));
        RunningApp.sleep(Duration.ofSeconds(3));
        assertTrue(millis.stream().allMatch(ms -> ms < FAST.toMillis()), () -> "request times (ms): " + millis);
        RunningApp.eventually(PATIENCE, () -> assertTrue(receiver.exportRequests() >= 3, "the exporter kept trying"));

        receiver.abortRequests(false);
        receiver.clear();
        app.expect(200, "/hello?back=1");
        receiver.awaitSpan(span -> "back=1".equals(span.attr("url.query")), PATIENCE);
        RunningApp.eventually(PATIENCE, () -> assertTrue(app.agentLines("INFO").stream()
            .anyMatch(line -> line.contains("works again")), app::log));
        List<String> warnings = app.agentLines("WARN");
        assertTrue(!warnings.isEmpty() && warnings.size() <= 2 && warnings.stream().allMatch(line ->
            line.contains(receiver.endpoint() + "/v1/traces")), () -> "warnings: " + warnings);
        assertEquals(0.0, app.metrics().sum("sightline_instrumentation_errors_total"));
      }
    }
  }

  @Test
  void throughputHoldsWhileTheCollectorFails() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        RunningApp app = RunningApp.start(app("collector-throughput", receiver).sysprop("otel.bsp.schedule.delay", "100"))) {
      rate(app, Duration.ofSeconds(8)); // warm-up: JIT, connections
      // Each failing phase between two healthy ones, compared with their mean: the JIT keeps warming.
      double before = rate(app, Duration.ofSeconds(3));
      receiver.respondWith(503);
      double refusing = rate(app, Duration.ofSeconds(3));
      receiver.respondWith(200);
      double between = rate(app, Duration.ofSeconds(3));
      receiver.abortRequests(true);
      double dropping = rate(app, Duration.ofSeconds(3));
      receiver.abortRequests(false);
      double after = rate(app, Duration.ofSeconds(3));
      System.out.printf("[collector] /hello per second: %.0f healthy, %.0f answering 503, %.0f healthy,"
          + " %.0f dropping connections, %.0f healthy%n", before, refusing, between, dropping, after);
      assertTrue(refusing >= 0.75 * (before + between) / 2 && dropping >= 0.75 * (between + after) / 2,
          "throughput while the collector fails, against the healthy phases around it");
    }
  }

  /** Requests per second of four closed-loop clients on {@code /hello} for {@code length}. */
  private static double rate(RunningApp app, Duration length) throws InterruptedException {
    AtomicLong done = new AtomicLong();
    long deadline = System.nanoTime() + length.toNanos();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      Thread client = new Thread(() -> {
        while (System.nanoTime() < deadline) {
          app.expect(200, "/hello");
          done.incrementAndGet();
        }
      });
      client.start();
      clients.add(client);
    }
    for (Thread client : clients) {
      client.join();
    }
    return done.get() / (length.toMillis() / 1000.0);
  }

  /** Times {@code count} sequential requests after one untimed warm-up (class loading, JIT). */
  private static List<Long> timed(RunningApp app, String path, int count) {
    app.expect(200, path);
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      app.expect(200, path);
      millis.add((System.nanoTime() - start) / 1_000_000);
    }
    return millis;
  }
}
