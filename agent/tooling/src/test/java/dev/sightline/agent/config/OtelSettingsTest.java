package dev.sightline.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
