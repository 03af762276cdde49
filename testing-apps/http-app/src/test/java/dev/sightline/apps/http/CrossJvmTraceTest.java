package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.PATIENCE;
import static dev.sightline.apps.http.RunningApp.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * One trace across two JVMs: frontend /chain calls backend /hello with HttpClient.send,
 * HttpClient.sendAsync and HttpURLConnection; every hop is a parent/child link in the same trace,
 * with the semantic-convention attributes of each side.
 */
class CrossJvmTraceTest {

  private static final String JAVA_HTTP_CLIENT = "dev.sightline.java-http-client";
  private static final String URL_CONNECTION = "dev.sightline.http-url-connection";
  private static final String SERVER = "dev.sightline.jdk-http-server";

  @Test
  void chainIsOneTraceAcrossTwoJvms() {
    runChain(null);
  }

  @Test
  void chainIsOneTraceAcrossTwoJvmsOnTemurin25() {
    Path temurin = TestApp.temurin25();
    if (temurin == null) {
      if ("true".equals(System.getenv("CI"))) {
        fail("Temurin 25 is not installed under /usr/lib/jvm (temurin-25*), and CI=true");
      }
      Assumptions.abort("Temurin 25 is not installed under /usr/lib/jvm (temurin-25*); skipped outside CI");
    }
    runChain(temurin);
  }

  private static TestApp.Builder withJavaHome(TestApp.Builder builder, Path javaHome) {
    return javaHome == null ? builder : builder.javaHome(javaHome);
  }

  private static void runChain(Path javaHome) {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      // The backend binds port 0 and the frontend is told the port it got: no race for a "free" port.
      TestApp.Builder backendBuilder = app("backend", receiver);
      if (javaHome != null) {
        backendBuilder.javaHome(javaHome);
      }
      try (RunningApp backend = RunningApp.start(backendBuilder);
          // A URL with credentials: url.full must not leak them.
          RunningApp frontend = RunningApp.start(withJavaHome(app("frontend", receiver)
              .args("--downstream", "http://user:secret@127.0.0.1:" + backend.port), javaHome))) {
        int backendPort = backend.port;
        String body = frontend.expect(200, "/chain").body();
        assertEquals("{\"target\":\"/hello\",\"send\":200,\"sendAsync\":200,\"urlConnection\":200}", body);

        ReceivedSpan root = receiver.awaitSpan(
            span -> "GET /chain".equals(span.name()) && "frontend".equals(span.resourceAttr("service.name")),
            PATIENCE);
        List<ReceivedSpan> trace = receiver.awaitSpans(
            all -> all.stream().filter(span -> span.traceId().equals(root.traceId())).count() >= 7,
            PATIENCE).stream().filter(span -> span.traceId().equals(root.traceId())).toList();
        assertEquals(7, trace.size(), () -> "spans of the /chain trace: " + trace);

        assertServerSpan(root, "/chain", frontend.port);
        assertTrue(root.isRoot(), () -> "GET /chain is the root: " + root);
        assertEquals(SERVER, root.scopeName());
        assertEquals("127.0.0.1", root.attr("server.address"), "from the Host header the test sent");

        List<ReceivedSpan> clients = trace.stream().filter(span -> "CLIENT".equals(span.kind())).toList();
        assertEquals(3, clients.size(), () -> "client spans: " + clients);
        Map<String, Long> scopes = clients.stream()
            .collect(Collectors.groupingBy(ReceivedSpan::scopeName, Collectors.counting()));
        assertEquals(Map.of(JAVA_HTTP_CLIENT, 2L, URL_CONNECTION, 1L), scopes);

        Map<String, ReceivedSpan> serverByParent = trace.stream()
            .filter(span -> "SERVER".equals(span.kind()) && !span.isRoot())
            .collect(Collectors.toMap(ReceivedSpan::parentSpanId, Function.identity()));
        assertEquals(3, serverByParent.size(), () -> "backend server spans: " + trace);
        for (ReceivedSpan client : clients) {
          assertEquals(root.spanId(), client.parentSpanId(), () -> "client under /chain: " + client);
          assertEquals("frontend", client.resourceAttr("service.name"));
          assertClientSpan(client, backendPort);

          ReceivedSpan server = serverByParent.get(client.spanId());
          assertNotNull(server, () -> "no backend span whose parent is " + client);
          assertEquals("backend", server.resourceAttr("service.name"));
          assertEquals(SERVER, server.scopeName());
          assertServerSpan(server, "/hello", backendPort);
          assertTrue(server.startNanos() >= client.startNanos() - 50_000_000L,
              "backend span starts after (clock skew aside) its client span");
        }
        assertFalse(root.resourceAttr("service.name").equals(
            serverByParent.values().iterator().next().resourceAttr("service.name")));
        assertEquals(List.of(), receiver.problems());
        // The agent's own export calls are never traced.
        assertTrue(receiver.spans().stream()
                .noneMatch(span -> Long.valueOf(receiver.port()).equals(span.attributes().get("server.port"))),
            () -> "spans about the collector: " + receiver.spans());

        assertNoAdviceErrors(frontend);
        assertNoAdviceErrors(backend);
      }
    }
  }

  static void assertServerSpan(ReceivedSpan span, String route, int port) {
    assertEquals("GET " + route, span.name());
    assertEquals("SERVER", span.kind());
    assertEquals("GET", span.attr("http.request.method"));
    assertEquals(route, span.attr("url.path"));
    assertEquals("http", span.attr("url.scheme"));
    assertEquals(route, span.attr("http.route"));
    assertEquals(200L, span.longAttr("http.response.status_code"));
    assertEquals("127.0.0.1", span.attr("server.address"));
    assertEquals((long) port, span.longAttr("server.port"));
    assertEquals("127.0.0.1", span.attr("client.address"));
    assertEquals(null, span.attr("client.port"), () -> "client.port is opt-in: " + span);
    assertTrue(span.attr("user_agent.original").startsWith("Java-http-client/")
        || span.attr("user_agent.original").startsWith("Java/"), () -> "user agent: " + span);
    assertEquals("1.1", span.attr("network.protocol.version"));
    assertNull(span.attr("error.type"), () -> "no error: " + span);
    assertEquals("UNSET", span.statusCode());
  }

  static void assertClientSpan(ReceivedSpan span, int port) {
    assertEquals("GET", span.name());
    assertEquals("GET", span.attr("http.request.method"));
    assertEquals("http://REDACTED:REDACTED@127.0.0.1:" + port + "/hello", span.attr("url.full"));
    assertEquals("127.0.0.1", span.attr("server.address"));
    assertEquals((long) port, span.longAttr("server.port"));
    assertEquals(200L, span.longAttr("http.response.status_code"));
    assertNull(span.attr("error.type"), () -> "no error: " + span);
    assertEquals("UNSET", span.statusCode());
  }

  /** Advice failures are swallowed and logged; a clean run has none. */
  static void assertNoAdviceErrors(RunningApp app) {
    assertEquals(0.0, app.metrics().sum("sightline_instrumentation_errors_total"),
        () -> "advice errors in " + app.log());
    assertEquals(List.of(), app.agentLines("WARN"));
    assertEquals(List.of(), app.agentLines("ERROR"));
    // Nor may the agent make the JVM warn on the application's output (e.g. JDK 24+ on sun.misc.Unsafe).
    List<String> jvmWarnings = app.log().lines().filter(line -> line.startsWith("WARNING:")).toList();
    assertEquals(List.of(), jvmWarnings);
  }
}
