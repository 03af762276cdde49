package dev.sightline.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ApplicationMetricsTest {

  private final ApplicationMetrics metrics = new ApplicationMetrics();

  @Test
  void namesFollowTheOpenTelemetryToPrometheusRules() {
    assertEquals("orders_placed", ApplicationMetrics.prometheusName(ApplicationMetrics.Kind.COUNTER, "orders.placed", null));
    assertEquals("orders_placed", ApplicationMetrics.prometheusName(ApplicationMetrics.Kind.COUNTER, "orders.placed.total", "1"));
    assertEquals("order_amount_bytes", ApplicationMetrics.prometheusName(ApplicationMetrics.Kind.HISTOGRAM, "order.amount", "By"));
    assertEquals("task_duration_seconds", ApplicationMetrics.prometheusName(ApplicationMetrics.Kind.HISTOGRAM, "task.duration", "s"));
    assertEquals("requests", ApplicationMetrics.prometheusName(ApplicationMetrics.Kind.COUNTER, "requests", "{request}"));
    assertEquals("queue_depth", ApplicationMetrics.prometheusName(ApplicationMetrics.Kind.UP_DOWN_COUNTER, "queue-depth", null));
    assertNull(ApplicationMetrics.prometheusName(ApplicationMetrics.Kind.GAUGE, "", null));
  }

  @Test
  void countersHistogramsAndGaugesAreServedWithTheirAttributesAsLabels() throws IOException {
    ApplicationMetrics.Instrument placed = metrics.instrument(ApplicationMetrics.Kind.COUNTER, "orders.placed", "Orders placed", null, null);
    placed.record(1, new String[] {"product"}, new String[] {"book"});
    placed.record(2, new String[] {"product"}, new String[] {"book"});
    placed.record(-5, new String[] {"product"}, new String[] {"book"}); // a counter never goes down
    ApplicationMetrics.Instrument amount = metrics.instrument(ApplicationMetrics.Kind.HISTOGRAM, "order.amount", "", "By", null);
    amount.record(1500, new String[0], new String[0]);
    amount.record(5, new String[0], new String[0]);
    ApplicationMetrics.Instrument depth = metrics.instrument(ApplicationMetrics.Kind.UP_DOWN_COUNTER, "queue.depth", null, null, null);
    depth.record(5, null, null);
    depth.record(-2, null, null);
    Runnable stop = metrics.observe(ApplicationMetrics.Kind.GAUGE, "pool.size", null, null,
        observation -> observation.record(7, new String[] {"pool.name"}, new String[] {"workers"}));

    String text = exposition();
    assertTrue(text.contains("# TYPE orders_placed_total counter") || text.contains("# TYPE orders_placed counter"), text);
    assertTrue(text.contains("# HELP orders_placed_total Orders placed") || text.contains("# HELP orders_placed Orders placed"), text);
    assertTrue(text.contains("orders_placed_total{product=\"book\"} 3.0"), text);
    assertTrue(text.contains("order_amount_bytes_bucket{le=\"5.0\"} 1"), text);
    assertTrue(text.contains("order_amount_bytes_bucket{le=\"2500.0\"} 2"), text);
    assertTrue(text.contains("order_amount_bytes_count 2"), text);
    assertTrue(text.contains("order_amount_bytes_sum 1505.0"), text);
    assertTrue(text.contains("queue_depth 3.0"), text);
    assertTrue(text.contains("pool_size{pool_name=\"workers\"} 7.0"), text);
    stop.run();
    assertFalse(exposition().contains("pool_size"), "a closed observable instrument is no longer served");
  }

  @Test
  void labelSetsAreBoundedAndAgentFamiliesAreNotShadowed() throws IOException {
    ApplicationMetrics.Instrument byUser = metrics.instrument(ApplicationMetrics.Kind.COUNTER, "logins", null, null, null);
    for (int i = 0; i < ApplicationMetrics.MAX_SERIES + 50; i++) {
      byUser.record(1, new String[] {"user"}, new String[] {"u" + i});
    }
    String text = exposition();
    assertTrue(text.contains("logins_total{otel_metric_overflow=\"true\"} 50.0"), "the overflow series");
    assertEquals(ApplicationMetrics.MAX_SERIES + 1, text.lines().filter(line -> line.startsWith("logins_total{")).count());

    metrics.instrument(ApplicationMetrics.Kind.HISTOGRAM, "http.server.request.duration", null, "s", null)
        .record(1, null, null);
    metrics.instrument(ApplicationMetrics.Kind.GAUGE, "logins", null, null, null).record(1, null, null);
    String after = exposition();
    assertFalse(after.contains("http_server_request_duration_seconds"), "the agent's own family stays the agent's");
    assertFalse(after.contains("# TYPE logins gauge"), "one kind per name");
  }

  private String exposition() throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(metrics);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
