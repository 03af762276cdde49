package dev.sightline.apps.shop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.TestApp;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code otel.sdk.disabled=true}: the agent still serves metrics and says its tracing is disabled
 * (what SightlineTracingDisabled alerts on), and offers no exemplar, since the trace id it would
 * name is exported nowhere.
 */
class OpsPackTracingDisabledTest {

  @Test
  void theAgentReportsTracingDisabledAndOffersNoExemplar() {
    try (TestApp app = TestApp.builder(SelfCallingApp.class.getName())
        .name("tracing-disabled")
        .classpathEntry(Path.of("target", "test-classes"))
        .serviceName("self-calling")
        .sysprop("otel.sdk.disabled", "true")
        .start()) {
      app.awaitLog("self-calling app ready", RunningShop.STARTUP);

      String metrics = Http.get(app.endpointUrl("/metrics"),
          "Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").body();
      assertTrue(metrics.contains("http_server_request_duration_seconds_bucket{")
          && metrics.contains("http_client_request_duration_seconds_bucket{"), "durations still recorded:\n" + metrics);
      assertTrue(Pattern.compile("sightline_agent_info\\{[^}]*tracing=\"disabled\"").matcher(metrics).find(),
          "sightline_agent_info names the disabled tracing:\n" + metrics);
      assertFalse(metrics.contains("trace_id"), "no exemplar may name a trace that is exported nowhere");
    }
  }
}
