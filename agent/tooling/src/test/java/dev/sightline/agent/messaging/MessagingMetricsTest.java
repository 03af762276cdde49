package dev.sightline.agent.messaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessagingMetricsTest {

  @Test
  void exportsConventionNamesWithFoldedDestinations() throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    MessagingMetrics metrics = new MessagingMetrics(registry);
    metrics.sent("rabbitmq", "publish", "orders", null);
    metrics.consumed("rabbitmq", "process", "amq.gen-JzTY20BRgKO-HjmUJj0wLg", null, null, 1);
    metrics.operationDuration("rabbitmq", "publish", "orders", null, "java.io.IOException", 0.002);
    metrics.processDuration("rabbitmq", "process", "orders", null, null, 0.02);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains(
        "messaging_client_sent_messages_total{error_type=\"\",messaging_consumer_group_name=\"\","
            + "messaging_destination_name=\"orders\",messaging_operation_name=\"publish\",messaging_system=\"rabbitmq\"} 1.0"),
        text);
    assertTrue(text.contains("messaging_destination_name=\"(temporary)\""), text);
    assertTrue(text.contains("messaging_client_operation_duration_seconds_bucket{error_type=\"java.io.IOException\""), text);
    assertTrue(text.contains("le=\"0.005\""), text);
    assertTrue(text.contains("messaging_process_duration_seconds_count"), text);
  }
}
