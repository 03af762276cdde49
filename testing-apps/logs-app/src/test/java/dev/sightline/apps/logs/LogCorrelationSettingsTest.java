package dev.sightline.apps.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings: keys renamed with {@code sightline.logs.mdc.*} are the ones in the logging context
 * (and the default ones are not), and {@code sightline.logs.mdc.enabled=false} adds nothing while
 * tracing goes on.
 */
class LogCorrelationSettingsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Test
  void renamedKeysAreTheOnesInTheLoggingContext() {
    run(Map.of("sightline.logs.mdc.trace-id", "traceId", "sightline.logs.mdc.span-id", "spanId",
        "sightline.logs.mdc.trace-flags", "traceFlags"), (server, requestLines) -> {
          for (LogLine line : requestLines) {
            assertTrue(line.hasNoIds(), "the default keys are empty: " + line);
            String context = line.context();
            assertTrue(context.contains("traceId=" + server.traceId()) && context.contains("spanId=" + server.spanId())
                && context.matches(".*traceFlags=0[13]\\b.*"), line.toString());
          }
        });
  }

  @Test
  void switchedOffNothingIsAddedAndTracingGoesOn() {
    run(Map.of("sightline.logs.mdc.enabled", "false"), (server, requestLines) -> {
      for (LogLine line : requestLines) {
        assertTrue(line.hasNoIds() && !line.context().contains(server.traceId()), line.toString());
      }
    });
  }

  private interface Check {
    void check(ReceivedSpan server, List<LogLine> requestLines);
  }

  private static void run(Map<String, String> settings, Check check) {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      TestApp.Builder builder = TestApp.builder(LogsApp.class.getName())
          .name("logs-settings")
          .serviceName("logs-app")
          .otlp(receiver)
          .args("--port", "0");
      settings.forEach(builder::sysprop);
      try (TestApp app = builder.start()) {
        int port = app.awaitListeningPort("logs-app", LogCorrelationContract.STARTUP);
        Http.Response response = Http.get("http://127.0.0.1:" + port + "/work?id=1");
        assertEquals(200, response.status(), response.body());
        ReceivedSpan server = receiver.awaitSpan(
            span -> span.kind().equals("SERVER") && "id=1".equals(span.attr("url.query")), PATIENCE);
        List<LogLine> requestLines = LogsAppRun.awaitLines(app, PATIENCE, lines -> lines.stream()
                .filter(line -> line.message().equals("request id=1") || line.message().equals("pool id=1")).count() == 4)
            .stream()
            .filter(line -> line.message().equals("request id=1") || line.message().equals("pool id=1"))
            .toList();
        check.check(server, requestLines);
      }
    }
  }
}
