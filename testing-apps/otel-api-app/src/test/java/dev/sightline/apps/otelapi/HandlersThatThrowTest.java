package dev.sightline.apps.otelapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sightline.testing.Http;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.TestApp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With every handler throwing ({@code sightline.test.handlers-fail=true}), an application using the
 * OpenTelemetry API, {@code @WithSpan} and the metrics API runs as with no agent: the API falls back
 * to its own no-op, and every route answers as it would.
 */
class HandlersThatThrowTest {

  @Test
  void theApiUserWorksAsWithoutTheAgentWhileEveryHandlerThrows() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TestApp app = TestApp.builder(OtelApiApp.class.getName())
            .name("otel-api-handlers-fail")
            .serviceName("otel-api-app")
            .otlp(receiver)
            .sysprop("sightline.test.handlers-fail", "true")
            .args("--port", "0")
            .start()) {
      String base = "http://127.0.0.1:" + app.awaitListeningPort("otel-api-app", OtelApiContract.STARTUP);
      Map<String, Integer> expected = Map.of("/manual?id=1", 200, "/annotated?id=2", 200, "/failing", 409,
          "/baggage", 200, "/metrics-work?product=book", 200, "/async?id=3", 200);
      expected.forEach((path, status) -> {
        Http.Response answer = Http.get(base + path);
        assertEquals(status, answer.status(), path + ": " + answer.body());
      });
      app.assertHandlerFailuresStayedInside(5);
    }
  }
}
