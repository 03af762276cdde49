package dev.sightline.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectExportChoiceTest {

  @Test
  void theAgentsExporterServesTheUsualSettings() {
    assertNull(DirectExportChoice.unsupported(config()));
    assertNull(DirectExportChoice.unsupported(config("otel.exporter.otlp.compression", "gzip",
        "otel.exporter.otlp.endpoint", "https://collector.example:4318", "otel.exporter.otlp.headers", "api-key=a%20b")));
  }

  @Test
  void whatItDoesNotServeGoesToTheSdkExporterWithTheReason() {
    assertEquals("sightline.export.implementation=sdk", DirectExportChoice.unsupported(config("sightline.export.implementation", "sdk")));
    assertTrue(DirectExportChoice.unsupported(config("otel.exporter.otlp.traces.certificate", "/etc/ca.pem")).contains("certificate"));
    assertTrue(DirectExportChoice.unsupported(config("otel.exporter.otlp.client.key", "/etc/key.pem")).contains("client.key"));
    assertTrue(DirectExportChoice.unsupported(config("otel.exporter.otlp.compression", "zstd")).contains("zstd"));
    assertTrue(DirectExportChoice.unsupported(config("otel.exporter.otlp.headers", "x=a%0D%0AInjected: 1")).contains("line break"));
    // U+010A: its low byte is a line feed
    assertTrue(DirectExportChoice.unsupported(config("otel.exporter.otlp.headers", "x=a%C4%8AInjected: 1")).contains("line break"));
  }

  @Test
  void endpointAndHeadersAreReadAsTheSdkReadsThem() {
    assertEquals("http://localhost:4318/v1/traces", DirectExportChoice.endpoint(config()));
    assertEquals("http://c:4318/v1/traces", DirectExportChoice.endpoint(config("otel.exporter.otlp.endpoint", "http://c:4318/")));
    assertEquals("http://c:9/custom", DirectExportChoice.endpoint(config("otel.exporter.otlp.endpoint", "http://x:1",
        "otel.exporter.otlp.traces.endpoint", "http://c:9/custom")));
    Map<String, String> headers = DirectExportChoice.headers(config("otel.exporter.otlp.headers", "a=1,b=x%20y",
        "otel.exporter.otlp.traces.headers", "a=2"));
    assertEquals(Map.of("a", "2", "b", "x y"), headers);
  }

  private static ConfigProperties config(String... keyValues) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return DefaultConfigProperties.createFromMap(map);
  }
}
