package dev.sightline.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsScrapeTest {

  private static final String TEXT = String.join("\n",
      "# A free comment",
      "# HELP http_server_request_duration_seconds Duration of HTTP server requests.",
      "# TYPE http_server_request_duration_seconds histogram",
      "http_server_request_duration_seconds_bucket{http_route=\"/hello\",le=\"0.005\"} 1",
      "http_server_request_duration_seconds_bucket{http_route=\"/hello\",le=\"0.01\"} 3",
      "http_server_request_duration_seconds_bucket{http_route=\"/hello\",le=\"+Inf\"} 4",
      "http_server_request_duration_seconds_count{http_route=\"/hello\"} 4",
      "http_server_request_duration_seconds_sum{http_route=\"/hello\"} 0.0215",
      "http_server_request_duration_seconds_bucket{http_route=\"/slow\",le=\"+Inf\"} 2",
      "http_server_request_duration_seconds_count{http_route=\"/slow\"} 2",
      "",
      "# HELP spans_exported_total Spans handed to the exporter.\\nSecond line.",
      "# TYPE spans_exported_total counter",
      "spans_exported_total{outcome=\"ok\"} 12 1700000000000",
      "spans_exported_total{outcome=\"failed\",} 3",
      "",
      "weird_labels{path=\"C:\\\\temp\",quote=\"say \\\"hi\\\"\",multi=\"a\\nb\"} 1.5e3",
      "process_uptime_seconds 42.5",
      "not_a_number{ kind = \"x\" } NaN",
      "");

  private final MetricsScrape scrape = MetricsScrape.parse(TEXT);

  @Test
  void parsesHistogramBuckets() {
    List<MetricsScrape.Sample> buckets =
        scrape.samples("http_server_request_duration_seconds_bucket");
    assertEquals(4, buckets.size());
    assertEquals(Set.of("0.005", "0.01", "+Inf"),
        scrape.labelValues("http_server_request_duration_seconds_bucket", "le"));
    assertEquals(4.0, scrape.find("http_server_request_duration_seconds_bucket",
        "http_route", "/hello", "le", "+Inf").orElseThrow().value());
    assertEquals(6.0, scrape.sum("http_server_request_duration_seconds_count"));
    assertEquals(0.0215, scrape.sum("http_server_request_duration_seconds_sum",
        "http_route", "/hello"));
    assertEquals(Set.of("/hello", "/slow"),
        scrape.labelValues("http_server_request_duration_seconds_count", "http_route"));
    assertEquals("histogram", scrape.type("http_server_request_duration_seconds").orElseThrow());
  }

  @Test
  void parsesCountersWithTimestampsAndTrailingComma() {
    assertEquals(12.0, scrape.find("spans_exported_total", "outcome", "ok").orElseThrow().value());
    assertEquals(15.0, scrape.sum("spans_exported_total"));
    assertEquals(0.0, scrape.sum("spans_exported_total", "outcome", "dropped"));
    assertEquals("counter", scrape.type("spans_exported_total").orElseThrow());
    assertEquals("Spans handed to the exporter.\nSecond line.",
        scrape.help("spans_exported_total").orElseThrow());
  }

  @Test
  void unescapesLabelValues() {
    MetricsScrape.Sample sample = scrape.find("weird_labels").orElseThrow();
    assertEquals(Map.of("path", "C:\\temp", "quote", "say \"hi\"", "multi", "a\nb"),
        sample.labels());
    assertEquals(1500.0, sample.value());
    assertTrue(scrape.find("weird_labels", "quote", "say \"hi\"").isPresent());
  }

  @Test
  void parsesUnlabelledAndSpecialValues() {
    assertEquals(42.5, scrape.find("process_uptime_seconds").orElseThrow().value());
    assertTrue(scrape.samples("process_uptime_seconds").get(0).labels().isEmpty());
    assertTrue(Double.isNaN(scrape.find("not_a_number", "kind", "x").orElseThrow().value()));
    assertEquals(Double.POSITIVE_INFINITY, MetricsScrape.parse("x +Inf").samples().get(0).value());
  }

  @Test
  void listsNamesAndKeepsText() {
    assertEquals(Set.of(
        "http_server_request_duration_seconds_bucket",
        "http_server_request_duration_seconds_count",
        "http_server_request_duration_seconds_sum",
        "spans_exported_total",
        "weird_labels",
        "process_uptime_seconds",
        "not_a_number"), scrape.names());
    assertEquals(TEXT, scrape.text());
    assertFalse(scrape.find("spans_exported_total", "outcome", "ok", "extra", "x").isPresent());
  }

  @Test
  void rejectsMalformedLines() {
    IllegalArgumentException unterminated = assertThrows(IllegalArgumentException.class,
        () -> MetricsScrape.parse("ok 1\nbad{a=\"x} 1"));
    assertTrue(unterminated.getMessage().contains("line 2"), unterminated.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MetricsScrape.parse("no_value"));
    assertThrows(IllegalArgumentException.class, () -> MetricsScrape.parse("x{a=\"1\"} one"));
    assertThrows(IllegalArgumentException.class, () -> MetricsScrape.parse("x{a=\"\\t\"} 1"));
    assertThrows(IllegalArgumentException.class, () -> scrape.find("x", "odd"));
  }
}
