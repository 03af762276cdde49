package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sightline next to other agents: attached twice, the second does nothing and says so; attached
 * with the OpenTelemetry Java agent (2.33.1), Sightline steps aside with one WARN, so each request is
 * traced once, by that agent, and the application runs as with it alone.
 */
class OtherAgentsTest {

  private static final Path OPENTELEMETRY_AGENT = Path.of("target", "other-agents", "opentelemetry-javaagent.jar");

  @Test
  void attachedTwiceTheSecondCopyDoesNothing() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        RunningApp running = RunningApp.start(app("agent-twice", receiver)
            .jvmArg("-javaagent:" + Path.of(System.getProperty(TestApp.AGENT_JAR_PROPERTY)).toAbsolutePath()))) {
      assertEquals(200, running.get("/hello?twice=1").status());
      receiver.awaitSpan(span -> "twice=1".equals(span.attr("url.query")), RunningApp.PATIENCE);
      RunningApp.sleep(Duration.ofMillis(1_000));
      assertEquals(1, serverSpans(receiver, "twice=1").size(), "one span per request, not one per copy");
      assertEquals(1, running.agentLines("INFO").stream().filter(line -> line.contains(" started: ")).count(), running.log());
      List<String> warnings = running.agentLines("WARN");
      assertEquals(1, warnings.size(), () -> "warnings: " + warnings);
      assertTrue(warnings.get(0).contains("already runs in this JVM") && warnings.get(0).contains("does nothing"),
          warnings.get(0));
    }
  }

  @Test
  void withTheOpenTelemetryAgentSightlineStepsAside() {
    assertTrue(Files.isRegularFile(OPENTELEMETRY_AGENT), OPENTELEMETRY_AGENT + " (Maven copies it before the tests)");
    try (OtlpReceiver receiver = OtlpReceiver.start();
        RunningApp running = RunningApp.start(app("with-otel-agent", receiver)
            .jvmArg("-javaagent:" + OPENTELEMETRY_AGENT.toAbsolutePath())
            .sysprop("otel.metrics.exporter", "none")
            .sysprop("otel.logs.exporter", "none"))) {
      assertEquals(200, running.get("/hello?both=1").status());
      receiver.awaitSpan(span -> "both=1".equals(span.attr("url.query")), RunningApp.PATIENCE);
      RunningApp.sleep(Duration.ofMillis(1_000));
      List<ReceivedSpan> servers = serverSpans(receiver, "both=1");
      assertEquals(1, servers.size(), "one span per request: " + servers);
      assertTrue(servers.get(0).scopeName().startsWith("io.opentelemetry."), "traced by the OpenTelemetry agent: " + servers);
      List<String> warnings = running.agentLines("WARN");
      assertEquals(1, warnings.size(), () -> "warnings: " + warnings);
      assertTrue(warnings.get(0).contains("OpenTelemetry Java agent") && warnings.get(0).contains("steps aside"), warnings.get(0));
      assertTrue(running.agentLines("INFO").stream().noneMatch(line -> line.contains(" started: ")), running.log());
    }
  }

  private static List<ReceivedSpan> serverSpans(OtlpReceiver receiver, String query) {
    return receiver.spans().stream()
        .filter(span -> "SERVER".equals(span.kind()) && query.equals(span.attr("url.query")))
        .toList();
  }
}
