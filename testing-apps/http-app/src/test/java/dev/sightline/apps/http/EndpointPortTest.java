package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.TestApp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The endpoint's port is the agent's problem, never the application's. */
class EndpointPortTest {

  @Test
  void portTakenCostsOneWarningAndNothingElse() throws IOException {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      List<RunningApp> apps = RunningApp.startAll(
          app("port-taken", receiver).sysprop(TestApp.ENDPOINT_PORT_PROPERTY, String.valueOf(port)),
          app("port-off", receiver).sysprop(TestApp.ENDPOINT_PORT_PROPERTY, "-1"));
      try (RunningApp app = apps.get(0); RunningApp off = apps.get(1)) {
        assertEquals("hello", app.expect(200, "/hello").body());
        app.expect(200, "/chain");
        List<String> warnings = app.agentLines("WARN");
        assertEquals(1, warnings.size(), () -> "warnings: " + warnings);
        assertTrue(warnings.get(0).contains("endpoint") && warnings.get(0).contains(":" + port),
            () -> "warning: " + warnings);
        List<String> info = app.agentLines("INFO");
        assertEquals(1, info.size(), () -> "info: " + info);
        assertTrue(info.get(0).contains("endpoint=off"), () -> "info: " + info);
        // Spans still flow.
        receiver.awaitSpan(span -> "port-taken".equals(span.resourceAttr("service.name"))
            && "GET /chain".equals(span.name()), RunningApp.PATIENCE);

        assertEquals("hello", off.expect(200, "/hello").body());
        assertEquals(List.of(), off.agentLines("WARN"));
        List<String> offInfo = off.agentLines("INFO");
        assertEquals(1, offInfo.size(), () -> "info: " + offInfo);
        assertTrue(offInfo.get(0).endsWith("endpoint=off"), () -> "info: " + offInfo);
        receiver.awaitSpan(span -> "port-off".equals(span.resourceAttr("service.name")), RunningApp.PATIENCE);
      }
      assertTrue(!taken.isClosed());
    }
  }
}
