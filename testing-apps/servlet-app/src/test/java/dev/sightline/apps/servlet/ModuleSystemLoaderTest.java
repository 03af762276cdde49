package dev.sightline.apps.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * HTTP clients loaded by a class loader that, like an OSGi bundle's, does not delegate the
 * agent's bootstrap package: the agent teaches it to, so the clients are traced, and nothing
 * fails inside the advice.
 */
class ModuleSystemLoaderTest {

  @Test
  void clientsInALoaderThatHidesTheBridgeAreTraced() throws Exception {
    String bundleClasspath =
        Path.of("target", "classes").toAbsolutePath()
            + File.pathSeparator
            + Files.readString(Path.of("target", "runtime.classpath")).strip();
    int port = TestApp.freePort();
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TestApp app =
            TestApp.builder(ModuleSystemApp.class.getName())
                .otlp(receiver)
                .serviceName("module-system")
                .args(Integer.toString(port), bundleClasspath)
                .start()) {
      app.awaitLog("module-system app ready", Duration.ofSeconds(30));
      assertTrue(app.log().contains("Downstream loaded by") && app.log().contains("bundle"), app.log());

      Http.Response response = Http.get("http://127.0.0.1:" + port + "/call");
      assertEquals("200 hello | 200 hello", response.body());

      List<ReceivedSpan> trace =
          receiver.awaitSpans(
              spans -> spans.stream().filter(span -> span.kind().equals("SERVER")).count() >= 3,
              Duration.ofSeconds(20));
      ReceivedSpan call = trace.stream().filter(span -> "/call".equals(span.attr("url.path"))).findFirst().orElseThrow();
      List<ReceivedSpan> clients =
          receiver.trace(call.traceId()).stream().filter(span -> span.kind().equals("CLIENT")).collect(Collectors.toList());
      assertEquals(
          List.of("dev.sightline.apache-httpclient-5", "dev.sightline.okhttp"),
          clients.stream().map(ReceivedSpan::scopeName).sorted().collect(Collectors.toList()),
          "one CLIENT span per client library: " + clients);
      for (ReceivedSpan client : clients) {
        assertEquals(call.spanId(), client.parentSpanId());
        assertTrue(
            receiver.trace(call.traceId()).stream()
                .anyMatch(span -> span.kind().equals("SERVER") && client.spanId().equals(span.parentSpanId())),
            "the downstream server span is the child of " + client);
      }
      assertFalse(app.log().contains("[sightline] WARN"), app.log());
      assertFalse(app.log().contains("NoClassDefFoundError"), app.log());
    }
  }
}
