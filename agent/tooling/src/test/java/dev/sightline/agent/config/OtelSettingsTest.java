package dev.sightline.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtelSettingsTest {

  private final Map<String, String> settings = new HashMap<>();

  private Map<String, String> replacements() {
    return LogCapture.value(() -> OtelSettings.replacementsFor(settings::get));
  }

  @Test
  void validSettingsPassUntouched() {
    settings.put("otel.traces.sampler", "parentbased_traceidratio");
    settings.put("otel.traces.sampler.arg", "0.25");
    settings.put("otel.exporter.otlp.endpoint", "https://collector.example:4318");
    settings.put("otel.exporter.otlp.headers", "api-key=abc,tenant=t1");
    settings.put("otel.propagators", "tracecontext,baggage");
    settings.put("otel.bsp.schedule.delay", "200");
    settings.put("otel.exporter.otlp.timeout", "5s");
    assertEquals(Map.of(), replacements());
  }

  @Test
  void samplerRatioOutOfRangeFallsBackToOne() {
    settings.put("otel.traces.sampler", "traceidratio");
    settings.put("otel.traces.sampler.arg", "2");
    String log = LogCapture.stderr(() -> assertEquals("1.0", OtelSettings.replacementsFor(settings::get).get("otel.traces.sampler.arg")));
    assertTrue(log.contains("invalid value '2' for otel.traces.sampler.arg"), log);
    settings.put("otel.traces.sampler.arg", "abc");
    assertEquals("1.0", replacements().get("otel.traces.sampler.arg"));
  }

  @Test
  void unknownSamplerAndExporter() {
    settings.put("otel.traces.sampler", "sometimes");
    settings.put("otel.traces.exporter", "zipkin");
    Map<String, String> replaced = replacements();
    assertEquals("parentbased_always_on", replaced.get("otel.traces.sampler"));
    assertEquals("otlp", replaced.get("otel.traces.exporter"));
  }

  @Test
  void grpcBecomesHttpAndTheGrpcPortTheHttpPort() {
    settings.put("otel.exporter.otlp.protocol", "grpc");
    settings.put("otel.exporter.otlp.endpoint", "http://collector:4317");
    Map<String, String> replaced = replacements();
    assertEquals("http/protobuf", replaced.get("otel.exporter.otlp.protocol"));
    assertEquals("http://collector:4318", replaced.get("otel.exporter.otlp.endpoint"));
  }

  @Test
  void malformedEndpoints() {
    settings.put("otel.exporter.otlp.endpoint", "not a url");
    settings.put("otel.exporter.otlp.traces.endpoint", "ftp://x/v1/traces");
    Map<String, String> replaced = replacements();
    assertEquals(OtelSettings.DEFAULT_ENDPOINT, replaced.get("otel.exporter.otlp.endpoint"));
    assertEquals(OtelSettings.DEFAULT_ENDPOINT + "/v1/traces", replaced.get("otel.exporter.otlp.traces.endpoint"));
  }

  @Test
  void malformedKeyValueListsKeepTheGoodEntries() {
    settings.put("otel.exporter.otlp.headers", "api-key=abc,broken,=nokey");
    settings.put("otel.resource.attributes", "deployment.environment=prod,oops");
    Map<String, String> replaced = replacements();
    assertEquals("api-key=abc", replaced.get("otel.exporter.otlp.headers"));
    assertEquals("deployment.environment=prod", replaced.get("otel.resource.attributes"));
  }

  @Test
  void unknownPropagatorsAreDropped() {
    settings.put("otel.propagators", "tracecontext,b3,xray");
    assertEquals("tracecontext", replacements().get("otel.propagators"));
    settings.put("otel.propagators", "b3");
    assertEquals("tracecontext,baggage", replacements().get("otel.propagators"));
  }

  @Test
  void numbersAndDurations() {
    settings.put("otel.bsp.max.queue.size", "-1");
    settings.put("otel.bsp.schedule.delay", "soon");
    settings.put("otel.bsp.max.export.batch.size", "99999999999");
    Map<String, String> replaced = replacements();
    assertEquals("2048", replaced.get("otel.bsp.max.queue.size"));
    assertEquals("5000", replaced.get("otel.bsp.schedule.delay"));
    assertEquals("512", replaced.get("otel.bsp.max.export.batch.size"));
  }

  @Test
  void spanLimitsAreReplacedOneByOneAndASpanLimitFallsBackToTheGeneralOne() {
    settings.put("otel.attribute.value.length.limit", "-3");
    settings.put("otel.attribute.count.limit", "64");
    settings.put("otel.span.attribute.count.limit", "many");
    settings.put("otel.span.event.count.limit", "10");
    settings.put("otel.exporter.otlp.endpoint", "https://collector.example:4318");
    String log = LogCapture.stderr(() -> {
      Map<String, String> replaced = OtelSettings.replacementsFor(settings::get);
      assertEquals(Integer.toString(Integer.MAX_VALUE), replaced.get("otel.attribute.value.length.limit"));
      assertEquals("64", replaced.get("otel.span.attribute.count.limit"));
      assertFalse(replaced.containsKey("otel.span.event.count.limit"));
      assertFalse(replaced.containsKey("otel.exporter.otlp.endpoint"), "the rest of the configuration stands");
    });
    assertTrue(log.contains("invalid value '-3' for otel.attribute.value.length.limit (expected a whole number from 0 to 999999999); using no limit"), log);
    assertTrue(log.contains("invalid value 'many' for otel.span.attribute.count.limit (expected a whole number from 0 to 999999999); using 64"), log);
  }

  @Test
  void compressionTheExporterCannotDoBecomesNone() {
    settings.put("sightline.export.implementation", "fast");
    settings.put("otel.exporter.otlp.compression", "brotli");
    settings.put("otel.exporter.otlp.traces.compression", "gzip");
    Map<String, String> replaced = replacements();
    assertEquals("none", replaced.get("otel.exporter.otlp.compression"));
    assertEquals("sightline", replaced.get("sightline.export.implementation"));
    assertFalse(replaced.containsKey("otel.exporter.otlp.traces.compression"));
  }

  @Test
  void unreadableCertificatesAreLeftOutAndAClientPairGoesTogether(@TempDir Path folder) throws Exception {
    Path readable = Files.writeString(folder.resolve("client.pem"), "-----BEGIN CERTIFICATE-----");
    settings.put("otel.exporter.otlp.certificate", folder.resolve("missing-ca.pem").toString());
    settings.put("otel.exporter.otlp.traces.client.key", folder.resolve("missing.key").toString());
    settings.put("otel.exporter.otlp.traces.client.certificate", readable.toString());
    String log = LogCapture.stderr(() -> {
      Map<String, String> replaced = OtelSettings.replacementsFor(settings::get);
      assertEquals("", replaced.get("otel.exporter.otlp.certificate"));
      assertEquals("", replaced.get("otel.exporter.otlp.traces.client.key"));
      assertEquals("", replaced.get("otel.exporter.otlp.traces.client.certificate"));
    });
    assertTrue(log.contains("for otel.exporter.otlp.certificate (expected a readable PEM file); using the JVM's trusted certificates"), log);
    assertTrue(log.contains("for otel.exporter.otlp.traces.client.key (expected a readable PEM file); using no client certificate"), log);
    settings.clear();
    settings.put("otel.exporter.otlp.certificate", readable.toString());
    assertEquals(Map.of(), replacements());
  }

  @Test
  void anEmptySamplerIsUnsetWithoutAWarning() {
    settings.put("otel.traces.sampler", " ");
    String log = LogCapture.stderr(() -> assertEquals("parentbased_always_on", OtelSettings.replacementsFor(settings::get).get("otel.traces.sampler")));
    assertEquals("", log);
  }

  @Test
  void valuesAreTrimmedAndNamesLowerCasedWithoutAWarning() {
    settings.put("otel.traces.sampler", " ALWAYS_ON\r");
    settings.put("otel.propagators", "TraceContext, Baggage");
    settings.put("otel.bsp.max.queue.size", " 4096 ");
    settings.put("otel.exporter.otlp.compression", "GZIP");
    settings.put("otel.exporter.otlp.endpoint", "http://collector:4318\r");
    String log = LogCapture.stderr(() -> assertEquals(Map.of(
        "otel.traces.sampler", "always_on",
        "otel.propagators", "tracecontext,baggage",
        "otel.bsp.max.queue.size", "4096",
        "otel.exporter.otlp.compression", "gzip",
        "otel.exporter.otlp.endpoint", "http://collector:4318"), OtelSettings.replacementsFor(settings::get)));
    assertEquals("", log);
  }
}
