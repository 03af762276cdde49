package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.PATIENCE;
import static dev.sightline.apps.http.RunningApp.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service is named by the user first: otel.service.name, else service.name in
 * otel.resource.attributes (a common way to pass it, from a deployment's labels), and only then
 * the jar or main class. The agent's default once came in as otel.service.name and overrode the
 * resource attribute.
 */
class ServiceNameTest {

  @Test
  void aServiceNameInTheResourceAttributesIsKept() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        RunningApp app = RunningApp.start(app("service-from-attributes").otlp(receiver)
            .sysprop("otel.resource.attributes", "team=payments,service.name=checkout"))) {
      app.expect(200, "/hello");
      ReceivedSpan span = receiver.awaitSpan(s -> "GET /hello".equals(s.name()), PATIENCE);
      assertEquals("checkout", span.resourceAttr("service.name"), () -> span.toString());
      assertEquals("payments", span.resourceAttr("team"));
      List<String> info = app.agentLines("INFO");
      assertTrue(info.get(0).contains(" service=checkout "), () -> "info: " + info);
      assertEquals(List.of(), app.agentLines("WARN"), () -> app.log());
    }
  }
}
