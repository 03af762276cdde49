package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.OtlpReceiver;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /metrics: HTTP histograms with the conventions' names, buckets and bounded labels, JVM metrics. */
class MetricsTest {

  private static final String SERVER = "http_server_request_duration_seconds";
  private static final String CLIENT = "http_client_request_duration_seconds";
  private static final List<String> BUCKETS = List.of("0.005", "0.01", "0.025", "0.05", "0.075", "0.1",
      "0.25", "0.5", "0.75", "1.0", "2.5", "5.0", "7.5", "10.0", "+Inf");

  private static OtlpReceiver receiver;
  /** Its /chain calls itself, so one JVM shows both server and client metrics. */
  private static RunningApp app;
  private static MetricsScrape scrape;

  @BeforeAll
  static void startAppAndLoadIt() {
    receiver = OtlpReceiver.start();
    app = RunningApp.start(app("metrics", receiver));
    for (int id = 1; id <= 50; id++) {
      app.expect(200, "/api/orders/" + id);
    }
    app.expect(404, "/api/orders/1/items");
    app.expect(200, "/chain");
    app.expect(200, "/chain?fail=1");
    app.expect(404, "/no/such/route/42");
    scrape = app.metrics();
  }

  @AfterAll
  static void stopApp() {
    if (app != null) {
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void serverHistogramHasTheAdvisedBucketsAndExactlyTheBoundedLabels() {
    assertEquals("histogram", scrape.type(SERVER).orElse(null));
    List<MetricsScrape.Sample> buckets = scrape.samples(SERVER + "_bucket");
    assertTrue(!buckets.isEmpty(), () -> "no server buckets: " + scrape.names());
    for (MetricsScrape.Sample sample : buckets) {
      assertEquals(Set.of("http_request_method", "http_response_status_code", "http_route", "error_type", "le"),
          sample.labels().keySet(), () -> "labels of " + sample);
    }
    List<String> ordersBuckets = buckets.stream()
        .filter(sample -> sample.hasLabels("http_route", "/api/orders", "http_response_status_code", "200"))
        .map(sample -> sample.label("le"))
        .toList();
    assertEquals(BUCKETS, ordersBuckets);
    assertEquals(50.0, scrape.sum(SERVER + "_count", "http_route", "/api/orders",
        "http_request_method", "GET", "http_response_status_code", "200", "error_type", ""));
    assertEquals(1.0, scrape.sum(SERVER + "_count", "http_route", "/api/orders", "http_response_status_code", "404"));
    assertTrue(scrape.sum(SERVER + "_sum", "http_route", "/api/orders") > 0);
    assertEquals(3.0, scrape.sum(SERVER + "_count", "http_route", "/fail", "error_type", "500"),
        () -> scrape.samples(SERVER + "_count").toString());
  }

  @Test
  void routeLabelIsTheContextPathNeverTheRawPath() {
    Set<String> routes = scrape.labelValues(SERVER + "_count", "http_route");
    // Unmatched paths fall to no context: the JDK server answers 404 itself without a handler.
    assertTrue(routes.contains("/api/orders"), () -> "routes: " + routes);
    assertTrue(Set.of("/api/orders", "/chain", "/hello", "/fail").containsAll(routes), () -> "routes: " + routes);
    Set<String> everyLabelValue = scrape.samples().stream()
        .flatMap(sample -> sample.labels().values().stream())
        .collect(Collectors.toCollection(TreeSet::new));
    for (String value : everyLabelValue) {
      assertTrue(!value.contains("/api/orders/") && !value.contains("/no/such"),
          () -> "unbounded label value " + value);
    }
  }

  @Test
  void clientHistogramNamesTheServerNotTheUrl() {
    assertEquals("histogram", scrape.type(CLIENT).orElse(null));
    String port = String.valueOf(app.port);
    for (MetricsScrape.Sample sample : scrape.samples(CLIENT + "_bucket")) {
      assertEquals(Set.of("http_request_method", "http_response_status_code", "server_address", "server_port",
          "error_type", "le"), sample.labels().keySet(), () -> "labels of " + sample);
    }
    assertEquals(Set.of(port), scrape.labelValues(CLIENT + "_count", "server_port"),
        "only the app's own calls; the agent's OTLP export is not measured");
    assertEquals(3.0, scrape.sum(CLIENT + "_count", "server_address", "127.0.0.1", "server_port", port,
        "http_response_status_code", "200", "error_type", ""));
    assertEquals(3.0, scrape.sum(CLIENT + "_count", "server_address", "127.0.0.1", "server_port", port,
        "http_response_status_code", "500", "error_type", "500"));
  }

  @Test
  void jvmAndAgentMetricsArePresent() {
    Set<String> names = scrape.names();
    for (String name : List.of("jvm_memory_used_bytes", "jvm_threads_current", "jvm_threads_daemon",
        "jvm_classes_currently_loaded", "jvm_runtime_info", "process_cpu_seconds_total",
        "process_start_time_seconds", "sightline_exporter_spans_exported_total",
        "sightline_exporter_spans_failed_total", "sightline_exporter_spans_dropped_total",
        "sightline_exporter_up", "sightline_instrumentation_errors_total")) {
      assertTrue(names.contains(name), () -> name + " missing from " + names);
    }
    assertTrue(scrape.sum("jvm_memory_used_bytes", "area", "heap") > 0);
    assertTrue(scrape.sum("jvm_threads_current") > 0);
    assertEquals(1.0, scrape.sum("sightline_exporter_up"));
    assertEquals(0.0, scrape.sum("sightline_instrumentation_errors_total"));
  }

  @Test
  void openMetricsOnRequest() {
    Http.Response response = Http.get(app.process.endpointUrl("/metrics"),
        "Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertEquals(200, response.status());
    assertTrue(response.header("Content-Type").startsWith("application/openmetrics-text"),
        () -> "content type " + response.header("Content-Type"));
    assertTrue(response.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
    assertTrue(response.body().contains("# TYPE http_server_request_duration_seconds histogram"));

    Http.Response text = Http.get(app.process.endpointUrl("/metrics"));
    assertEquals(200, text.status());
    assertTrue(text.header("Content-Type").startsWith("text/plain"), () -> text.header("Content-Type"));
    assertTrue(!text.body().contains("# EOF"));
  }

  @Test
  void exportedSpansAreCounted() {
    RunningApp.eventually(RunningApp.PATIENCE, () -> assertTrue(
        app.metrics().sum("sightline_exporter_spans_exported_total") >= 50,
        "exported spans counted"));
  }
}
