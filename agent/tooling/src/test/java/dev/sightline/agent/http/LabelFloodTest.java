package dev.sightline.agent.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.agent.messaging.MessagingMetrics;
import io.opentelemetry.api.trace.Span;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * 100,000 distinct routes, hosts, topics and queues: the metrics keep a bounded number of series,
 * folding what is past each cap into one stand-in, so a flood of odd URLs or generated names never
 * grows the agent's memory or the scrape.
 */
class LabelFloodTest {

  private static final int FLOOD = 100_000;

  @Test
  void routesAndPeersStayBounded() {
    PrometheusRegistry registry = new PrometheusRegistry();
    HttpMetrics metrics = new HttpMetrics(registry);
    for (int i = 0; i < FLOOD; i++) {
      metrics.recordServer(0.001, "GET", 200, "/generated/" + i, null, Span.getInvalid());
      metrics.recordClient(0.001, "GET", 200, "host-" + i + ".example", 8000 + i % 1000, null, Span.getInvalid());
    }
    assertTrue(values(registry, "http_server_request_duration_seconds", "http_route").size() <= 501,
        "routes: " + values(registry, "http_server_request_duration_seconds", "http_route").size());
    assertTrue(values(registry, "http_client_request_duration_seconds", "server_address").size() <= 201,
        "hosts: " + values(registry, "http_client_request_duration_seconds", "server_address").size());
  }

  @Test
  void topicsAndQueuesStayBounded() {
    PrometheusRegistry registry = new PrometheusRegistry();
    MessagingMetrics metrics = new MessagingMetrics(registry);
    for (int i = 0; i < FLOOD; i++) {
      metrics.sent("kafka", "send", "topic-" + i, null);
      metrics.consumed("rabbitmq", "process", "queue-" + i, null, null, 1);
    }
    Set<String> destinations = values(registry, "messaging_client_sent_messages", "messaging_destination_name");
    destinations.addAll(values(registry, "messaging_client_consumed_messages", "messaging_destination_name"));
    assertTrue(destinations.size() <= 2 * 201, "destinations: " + destinations.size());
  }

  private static Set<String> values(PrometheusRegistry registry, String family, String label) {
    Set<String> values = new HashSet<>();
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot.getMetadata().getName().equals(family)) {
        for (DataPointSnapshot point : snapshot.getDataPoints()) {
          values.add(point.getLabels().get(label));
        }
      }
    }
    return values;
  }
}
