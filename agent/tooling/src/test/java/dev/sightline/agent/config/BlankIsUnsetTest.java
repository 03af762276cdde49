package dev.sightline.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.exporter.otlp.internal.OtlpSpanExporterProvider;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlankIsUnsetTest {

  @Test
  void emptyStringsAreUnsetAndTheRestPassesThrough() {
    BlankIsUnset settings = new BlankIsUnset(DefaultConfigProperties.createFromMap(Map.of(
        "otel.exporter.otlp.certificate", "",
        "otel.exporter.otlp.client.key", "  ",
        "otel.exporter.otlp.endpoint", "http://collector:4318",
        "otel.bsp.max.queue.size", "10")));
    assertNull(settings.getString("otel.exporter.otlp.certificate"));
    assertNull(settings.getString("otel.exporter.otlp.client.key"));
    assertEquals("http://collector:4318", settings.getString("otel.exporter.otlp.endpoint"));
    assertEquals(10, settings.getInt("otel.bsp.max.queue.size"));
  }

  @Test
  void theSdksExporterIsBuiltWhenACertificateSettingWasEmptiedOut() {
    Map<String, String> emptied = Map.of(
        "otel.exporter.otlp.protocol", "http/protobuf",
        "otel.exporter.otlp.certificate", "",
        "otel.exporter.otlp.client.key", "",
        "otel.exporter.otlp.client.certificate", "");
    SpanExporter exporter = new OtlpSpanExporterProvider().createExporter(new BlankIsUnset(DefaultConfigProperties.createFromMap(emptied)));
    exporter.shutdown();
  }
}
