package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.PATIENCE;
import static dev.sightline.apps.http.RunningApp.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.TestApp;
import java.nio.file.Path;
import dev.sightline.testing.ReceivedSpan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad settings cost one WARN each (key, bad value, value used) and never the app or its traces. */
class InvalidConfigTest {

  @Test
  void badValuesAreReplacedWithOneWarningEach() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        RunningApp app = RunningApp.start(app("bad-config", receiver)
            .sysprop("sightline.endpoint.port", "abc")
            .sysprop("otel.traces.sampler", "traceidratio")
            .sysprop("otel.traces.sampler.arg", "2")
            .sysprop("otel.exporter.otlp.protocol", "grpc")
            .sysprop("sightline.traces.buffer", "lots"))) {
      for (int i = 0; i < 10; i++) {
        app.expect(200, "/hello?n=" + i);
      }
      // The ratio fell back to 1.0: every request is sampled and exported over OTLP/HTTP.
      receiver.awaitSpans(all -> all.stream().filter(s -> "GET /hello".equals(s.name())).count() >= 10, PATIENCE);
      assertEquals(List.of(), receiver.problems());

      Map<String, String> expected = Map.of(
          "sightline.endpoint.port", "invalid value 'abc' for sightline.endpoint.port (expected ",
          "otel.traces.sampler.arg", "invalid value '2' for otel.traces.sampler.arg (expected ",
          "otel.exporter.otlp.protocol", "invalid value 'grpc' for otel.exporter.otlp.protocol (expected ",
          "sightline.traces.buffer", "invalid value 'lots' for sightline.traces.buffer (expected ");
      Map<String, String> used = Map.of(
          "sightline.endpoint.port", "); using 9464",
          "otel.traces.sampler.arg", "); using 1.0",
          "otel.exporter.otlp.protocol", "); using http/protobuf",
          "sightline.traces.buffer", "); using 2048");
      List<String> warnings = app.agentLines("WARN");
      for (String key : expected.keySet()) {
        List<String> aboutKey = warnings.stream().filter(line -> line.contains(" for " + key + " ")).toList();
        assertEquals(1, aboutKey.size(), () -> key + ": " + warnings);
        String line = aboutKey.get(0);
        assertTrue(line.startsWith("[sightline] WARN " + expected.get(key)), () -> "warning: " + line);
        assertTrue(line.endsWith(used.get(key)), () -> "warning: " + line);
      }
      // The endpoint falls back to the default port, which something else on this machine may hold.
      List<String> others = warnings.stream()
          .filter(line -> expected.keySet().stream().noneMatch(key -> line.contains(" for " + key + " ")))
          .toList();
      assertTrue(others.isEmpty() || (others.size() == 1 && others.get(0).contains("endpoint not started")),
          () -> "unexpected warnings: " + others);
      assertEquals(1, app.agentLines("INFO").size(), () -> app.log());
    }
  }

  /**
   * Sizes that are valid but beyond what this JVM can hold (the SDK allocates its whole span queue,
   * the /traces ring its whole buffer, in premain) cost a warning each, not the agent.
   */
  @Test
  void sizesTheJvmCannotHoldFallBackWithOneWarningEach() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        RunningApp app = RunningApp.start(app("too-large", receiver)
            .jvmArg("-Xmx96m")
            .jvmArg("-XX:MaxDirectMemorySize=1m")
            .sysprop("otel.bsp.max.queue.size", "100000000")
            .sysprop("sightline.traces.buffer", "1000000"))) {
      for (int i = 0; i < 10; i++) {
        app.expect(200, "/hello?n=" + i);
      }
      receiver.awaitSpans(all -> all.stream().filter(s -> "GET /hello".equals(s.name())).count() >= 10, PATIENCE);
      List<String> warnings = app.agentLines("WARN");
      assertEquals(1, warnings.stream().filter(line -> line.contains("otel.bsp.max.queue.size 100000000 does not fit in this JVM's heap")
          && line.endsWith("; using 2048")).count(), () -> "warnings: " + warnings);
      assertEquals(1, warnings.stream().filter(line -> line.contains("/traces keeps no spans")
          && line.contains("lower sightline.traces.buffer")).count(), () -> "warnings: " + warnings);
      assertEquals(1, app.agentLines("INFO").size(), () -> app.log());
      assertEquals(List.of(), app.agentLines("ERROR"), () -> app.log());
    }
  }

  /**
   * A span limit the SDK cannot use used to reject the whole OpenTelemetry configuration (the
   * collector's address and headers with it), an unknown compression or an unreadable certificate
   * left every span unsent, and an empty service name reached the backends as "".
   */
  @Test
  void oneBadOrEmptySettingLeavesTheRestOfTheConfigurationStanding() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        RunningApp app = RunningApp.start(app("bad-otel-settings").otlp(receiver)
            .sysprop("otel.service.name", "")
            .sysprop("otel.traces.sampler", "")
            .sysprop("otel.span.attribute.count.limit", "many")
            .sysprop("otel.exporter.otlp.compression", "brotli")
            .sysprop("otel.exporter.otlp.certificate", "/nonexistent/ca.pem")
            .sysprop("otel.resource.attributes", "deployment.environment=bad-settings")
            .sysprop("sightline.instrumentation.kafka.enabled", "false")
            // valid as the specification reads them, refused by the SDK as written
            .sysprop("otel.propagators", "TraceContext, Baggage\r")
            .sysprop("otel.bsp.max.queue.size", "4096 "))) {
      for (int i = 0; i < 5; i++) {
        app.expect(200, "/hello?n=" + i);
      }
      List<ReceivedSpan> spans = receiver.awaitSpans(
          all -> all.stream().filter(s -> "GET /hello".equals(s.name())).count() >= 5, PATIENCE);
      ReceivedSpan span = spans.stream().filter(s -> "GET /hello".equals(s.name())).findFirst().orElseThrow();
      assertEquals("HttpApp", span.resourceAttr("service.name"), () -> span.toString());
      assertEquals("bad-settings", span.resourceAttr("deployment.environment"), "the user's settings were kept");
      assertEquals(List.of(), receiver.problems());
      List<String> warnings = app.agentLines("WARN");
      for (String key : List.of("otel.span.attribute.count.limit", "otel.exporter.otlp.compression", "otel.exporter.otlp.certificate")) {
        assertEquals(1, warnings.stream().filter(line -> line.startsWith("[sightline] WARN invalid value ") && line.contains(" for " + key + " ")).count(),
            () -> key + ": " + warnings);
      }
      // a misspelt switch (the instrumentation is kafka-clients) is said, not silently ignored
      assertEquals(1, warnings.stream().filter(line -> line.startsWith(
          "[sightline] WARN sightline.instrumentation.kafka.enabled names no instrumentation, so it changes nothing; the instrumentations are [")
          && line.contains("kafka-clients")).count(), () -> "warnings: " + warnings);
      assertTrue(warnings.stream().noneMatch(line -> line.contains("rejected") || line.contains("could not be created") || line.contains("otel.traces.sampler")),
          () -> "warnings: " + warnings);
    }
  }

  /** Arguments after the jar (-javaagent:sightline-agent.jar=...), where other agents read settings, are said to be unread. */
  @Test
  void agentArgumentsAreSaidToBeUnread() {
    String agent = Path.of(System.getProperty(TestApp.AGENT_JAR_PROPERTY)).toAbsolutePath().toString();
    try (RunningApp app = RunningApp.start(app("agent-arguments").withoutAgent()
        .jvmArg("-javaagent:" + agent + "=sightline.log.level=debug"))) {
      app.expect(200, "/hello");
      List<String> warnings = app.agentLines("WARN");
      assertEquals(1, warnings.stream().filter(line -> line.contains("the agent's arguments ('sightline.log.level=debug') are not read")
          && line.contains("-Dsightline.log.level=debug")).count(), () -> app.log());
      assertEquals(1, app.agentLines("INFO").size(), () -> "the agent runs: " + app.log());
    }
  }
}
