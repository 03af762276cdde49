package dev.sightline.apps.otelapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An application that brings its own OpenTelemetry SDK, ByteBuddy and Prometheus client (and
 * server) lives next to the agent's relocated copies. It installs its SDK with
 * {@code GlobalOpenTelemetry.set} and keeps it: its spans go to its own exporter and none to the
 * agent's, the agent still traces its requests, and says so once, at INFO, without a warning; its
 * ByteBuddy defines its classes and its Prometheus server serves its own registry, as the agent's
 * endpoint serves the agent's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnSdkTest {

  /** After the agent exported the requests' SERVER spans, how long an app span would have had to follow them. */
  private static final Duration STRAGGLERS = Duration.ofSeconds(2);

  private OtlpReceiver receiver;
  private TestApp app;
  private List<Http.Response> answers;

  @BeforeAll
  void startTheAppAndCallItTwice() {
    receiver = OtlpReceiver.start();
    app = TestApp.builder(OwnSdkApp.class.getName())
        .name("own-sdk-app")
        .serviceName("own-sdk-app")
        .otlp(receiver)
        .args("--port", "0")
        .start();
    String own = "http://127.0.0.1:" + app.awaitListeningPort("own-sdk-app", OtelApiContract.STARTUP) + "/own";
    answers = List.of(Http.get(own), Http.get(own));
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void theAppsOwnSdkExportsItsSpans() {
    for (Http.Response answer : answers) {
      assertEquals(200, answer.status(), answer.body());
    }
    assertEquals(2L, Json.object(answers.get(1).body()).get("exportedByApp"), answers.get(1).body());
  }

  @Test
  void theAgentStillTracesTheRequestsButExportsNoSpanOfTheApps() {
    receiver.awaitSpans(all -> all.stream().filter(OwnSdkTest::ownServerSpan).count() == 2, OtelApiContract.PATIENCE);
    OtelApiContract.sleep(STRAGGLERS);
    List<ReceivedSpan> appSpans = receiver.spans().stream().filter(span -> span.name().equals("own-work")).toList();
    assertTrue(appSpans.isEmpty(), "the app's own spans reached the agent's exporter: " + appSpans);
  }

  @Test
  void theContextStaysSharedAndGivesTheAppItsOwnSpanBack() {
    List<ReceivedSpan> servers = receiver.awaitSpans(
        all -> all.stream().filter(OwnSdkTest::ownServerSpan).count() == 2, OtelApiContract.PATIENCE);
    for (Http.Response answer : answers) {
      Map<String, Object> body = Json.object(answer.body());
      assertEquals(true, body.get("currentIsOwn"), "Span.current() is the app's own span: " + answer.body());
      // The app's SDK made its span the child of the agent's server span: one trace.
      assertTrue(servers.stream().anyMatch(span -> ownServerSpan(span) && span.traceId().equals(body.get("ownTraceId"))),
          "the app's span is in the trace of an agent server span: " + answer.body() + " " + servers);
    }
  }

  @Test
  void itsOwnByteBuddyAndItsOwnPrometheusServerWorkNextToTheAgentsCopies() {
    assertTrue(app.log().lines().anyMatch(line -> line.startsWith("own-sdk-app made dev.sightline.apps.otelapi.MadeByOwnByteBuddy")
            && line.endsWith("/byte-buddy-1.15.11.jar")),
        "the app's ByteBuddy, not the agent's: " + app.logFile());
    Object metricsPort = Json.object(answers.get(1).body()).get("metricsPort");
    MetricsScrape own = MetricsScrape.scrape("http://127.0.0.1:" + metricsPort + "/metrics");
    assertEquals(2.0, own.sum("own_requests_total"), own.text());
    assertTrue(own.names().stream().noneMatch(name -> name.startsWith("sightline_")), "the app's registry is its own");
    MetricsScrape agents = MetricsScrape.scrape(app.endpointUrl("/metrics"));
    assertTrue(agents.names().contains("sightline_agent_info"), agents.text());
    assertTrue(agents.names().stream().noneMatch(name -> name.startsWith("own_requests")), "the agent's registry is its own");
  }

  @Test
  void theAgentSaysOnceThatTheAppInstalledItsOwnOpenTelemetry() {
    List<String> said = app.log().lines()
        .filter(line -> line.contains("[sightline] INFO") && line.contains("GlobalOpenTelemetry.set")).toList();
    assertEquals(1, said.size(), "agent INFO lines naming GlobalOpenTelemetry.set in " + app.logFile() + ": " + said);
  }

  @Test
  void theAgentLogsNoWarningNoErrorAndNoMissingClass() {
    app.assertAgentQuiet();
  }

  private static boolean ownServerSpan(ReceivedSpan span) {
    return span.kind().equals("SERVER") && "/own".equals(span.attr("url.path"));
  }
}
