package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.PATIENCE;
import static dev.sightline.apps.http.RunningApp.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** sightline.enabled and sightline.instrumentation.NAME.enabled. */
class AgentSwitchesTest {

  private static final String CHAIN_OK =
      "{\"target\":\"/hello\",\"send\":200,\"sendAsync\":200,\"urlConnection\":200}";

  @Test
  void disabledAgentLeavesTheAppAlone() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        RunningApp app = RunningApp.start(app("agent-disabled", receiver).sysprop("sightline.enabled", "false"))) {
      assertEquals(CHAIN_OK, app.expect(200, "/chain").body());
      app.expect(500, "/fail");

      List<String> info = app.agentLines("INFO");
      assertEquals(1, info.size(), () -> "info: " + info);
      assertTrue(info.get(0).contains("disabled"), () -> "info: " + info);
      assertEquals(List.of(), app.agentLines("WARN"));
      assertThrows(RuntimeException.class, () -> app.endpoint("/health"), "no endpoint");

      RunningApp.sleep(Duration.ofSeconds(3));
      assertEquals(List.of(), receiver.spans());
      assertEquals(0, receiver.exportRequests());
      // The app's own echo shows no propagation header went out either.
      String headers = app.expect(200, "/echo-headers").body();
      assertTrue(!headers.contains("traceparent"), headers);
    }
  }

  @Test
  void oneInstrumentationOffTheOthersOn() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        RunningApp app = RunningApp.start(app("no-java-http-client", receiver)
            .sysprop("sightline.instrumentation.java-http-client.enabled", "false"))) {
      assertEquals(CHAIN_OK, app.expect(200, "/chain").body());

      ReceivedSpan root = receiver.awaitSpan(span -> "GET /chain".equals(span.name()), PATIENCE);
      ReceivedSpan urlConnection = receiver.awaitSpan(span -> "CLIENT".equals(span.kind()), PATIENCE);
      assertEquals("dev.sightline.http-url-connection", urlConnection.scopeName());
      assertEquals(root.spanId(), urlConnection.parentSpanId());
      List<ReceivedSpan> hellos = receiver.awaitSpans(
          all -> all.stream().filter(span -> "GET /hello".equals(span.name())).count() >= 3, PATIENCE)
          .stream().filter(span -> "GET /hello".equals(span.name())).toList();
      RunningApp.sleep(Duration.ofMillis(500));

      assertTrue(receiver.spans().stream().noneMatch(span -> "dev.sightline.java-http-client".equals(span.scopeName())),
          () -> "java-http-client spans: " + receiver.spans());
      assertEquals(1, receiver.spans().stream().filter(span -> "CLIENT".equals(span.kind())).count());
      // Without the HttpClient instrumentation no context travels on those two calls: their server
      // spans are roots of their own traces; the HttpURLConnection call's is in the /chain trace.
      assertEquals(2, hellos.stream().filter(ReceivedSpan::isRoot).count(), () -> "hello spans: " + hellos);
      assertEquals(1, hellos.stream().filter(span -> urlConnection.spanId().equals(span.parentSpanId())).count());

      List<String> info = app.agentLines("INFO");
      assertEquals(1, info.size());
      Matcher listed = Pattern.compile("instrumentations=\\[([^\\]]*)]").matcher(info.get(0));
      assertTrue(listed.find(), () -> "info: " + info);
      List<String> names = List.of(listed.group(1).split(", "));
      assertTrue(names.contains("http-url-connection") && names.contains("jdk-http-server")
          && !names.contains("java-http-client"), () -> "instrumentations: " + names);
      assertEquals(200, Http.get(app.process.endpointUrl("/health")).status());
    }
  }
}
