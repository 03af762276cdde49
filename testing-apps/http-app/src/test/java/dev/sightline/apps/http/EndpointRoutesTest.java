package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.PATIENCE;
import static dev.sightline.apps.http.RunningApp.app;
import static dev.sightline.apps.http.RunningApp.list;
import static dev.sightline.apps.http.RunningApp.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import dev.sightline.testing.OtlpReceiver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The agent's /health, /ready, /live and /traces on a frontend that calls a backend. Ordered:
 * the dependency's history builds up from a healthy call to a failing one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndpointRoutesTest {

  private static OtlpReceiver receiver;
  private static RunningApp backend;
  private static RunningApp frontend;
  private static String dependencyName;

  @BeforeAll
  static void startApps() {
    receiver = OtlpReceiver.start();
    // The backend binds port 0 first and the frontend is told the port it got: no race for a "free" port.
    backend = RunningApp.start(app("backend", receiver));
    frontend = RunningApp.start(app("frontend", receiver).args("--downstream", "http://127.0.0.1:" + backend.port));
    dependencyName = "127.0.0.1:" + backend.port;
  }

  @AfterAll
  static void stopApps() {
    if (frontend != null) {
      frontend.close();
    }
    if (backend != null) {
      backend.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  @Order(1)
  void readyOnceTheAppListensAndLive() {
    // startAll waited for the listening line: the server is up, so readiness must say so.
    Http.Response ready = frontend.endpoint("/ready");
    assertEquals(200, ready.status(), ready.body());
    assertTrue(ready.header("Content-Type").startsWith("application/json"));
    Map<String, Object> readyJson = Json.object(ready.body());
    assertEquals("READY", readyJson.get("status"));
    assertTrue(String.valueOf(readyJson.get("reason")).contains("server"), () -> "reason: " + readyJson);

    Http.Response live = frontend.endpoint("/live");
    assertEquals(200, live.status());
    assertEquals("LIVE", Json.object(live.body()).get("status"));

    Map<String, Object> health = frontend.health();
    assertEquals("UP", health.get("status"));
    assertEquals(List.of(), health.get("dependencies"), "no calls made yet");
    Map<String, Object> agent = object(health.get("agent"));
    assertEquals("frontend", agent.get("service"));
    assertEquals(Boolean.TRUE, agent.get("ready"));
    assertNotNull(agent.get("version"));
    assertTrue(((Number) health.get("uptimeSeconds")).doubleValue() >= 0);
  }

  @Test
  @Order(2)
  void healthListsTheDownstreamAfterAGoodCall() {
    frontend.expect(200, "/chain");
    Map<String, Object> health = frontend.health();
    assertEquals("UP", health.get("status"), () -> "health: " + health);
    Map<String, Object> dependency = dependency(health);
    assertEquals("http", dependency.get("type"));
    assertEquals("UP", dependency.get("status"));
    assertEquals("ok", dependency.get("lastOutcome"));
    assertNull(dependency.get("lastError"));
    assertEquals(0L, dependency.get("recentErrors"));
    assertEquals(0L, dependency.get("errors"));
    assertEquals(3L, dependency.get("calls"), "send, sendAsync and HttpURLConnection");
    assertNotNull(dependency.get("lastSeen"));

    Map<String, Object> exporter = object(health.get("exporter"));
    assertEquals(receiver.endpoint() + "/v1/traces (http/protobuf)", exporter.get("destination"));
    RunningApp.eventually(PATIENCE, () -> {
      Map<String, Object> later = object(frontend.health().get("exporter"));
      assertEquals("success", later.get("lastOutcome"));
      assertTrue((Long) later.get("exportedSpans") >= 4, () -> "exporter: " + later);
      assertEquals(0L, later.get("failedSpans"));
      assertNotNull(later.get("lastExport"));
    });
  }

  @Test
  @Order(3)
  void tracesGroupsTheChainTraceWithAllItsSpans() {
    frontend.expect(200, "/chain?marker=traces");
    RunningApp.eventually(PATIENCE, () -> {
      Map<String, Object> traces = Json.object(frontend.endpoint("/traces").body());
      assertEquals("frontend", traces.get("service"));
      assertEquals(2048L, traces.get("bufferCapacity"));
      Map<String, Object> chain = list(traces.get("traces")).stream().map(RunningApp::object)
          .filter(trace -> list(trace.get("spans")).stream().map(RunningApp::object)
              .anyMatch(span -> "GET /chain".equals(span.get("name"))
                  && "marker=traces".equals(object(span.get("attributes")).get("url.query"))))
          .findFirst().orElseThrow(() -> new AssertionError("no /chain trace in " + traces));
      List<Map<String, Object>> spans = list(chain.get("spans")).stream().map(RunningApp::object).toList();
      assertEquals(4L, chain.get("spanCount"), () -> "frontend spans of the trace: " + spans);
      assertEquals(4, spans.size());
      Map<String, Object> root = spans.get(0);
      assertEquals("GET /chain", root.get("name"), "sorted by start: the server span first");
      assertEquals("SERVER", root.get("kind"));
      assertNull(root.get("parentSpanId"));
      assertEquals("dev.sightline.jdk-http-server", root.get("scope"));
      assertEquals("UNSET", root.get("status"));
      assertEquals(200L, object(root.get("attributes")).get("http.response.status_code"));
      for (Map<String, Object> client : spans.subList(1, 4)) {
        assertEquals("CLIENT", client.get("kind"));
        assertEquals("GET", client.get("name"));
        assertEquals(root.get("spanId"), client.get("parentSpanId"));
        assertTrue(((Number) client.get("durationMillis")).doubleValue() >= 0);
        assertNotNull(client.get("start"));
      }

      // The backend's buffer holds its side of the same trace.
      Map<String, Object> backendTraces = Json.object(backend.endpoint("/traces?traceId=" + chain.get("traceId")).body());
      List<Object> backendTrace = list(backendTraces.get("traces"));
      assertEquals(1, backendTrace.size(), () -> "backend: " + backendTraces);
      assertEquals(3L, object(backendTrace.get(0)).get("spanCount"));
    });
  }

  @Test
  @Order(4)
  void failingDownstreamDegradesHealthButNotTheResponseCode() {
    frontend.expect(200, "/chain?fail=1");
    Http.Response response = frontend.endpoint("/health");
    assertEquals(200, response.status(), "DEGRADED is still 200: only DOWN is 503");
    Map<String, Object> health = Json.object(response.body());
    assertEquals("DEGRADED", health.get("status"), () -> "health: " + health);
    Map<String, Object> dependency = dependency(health);
    assertEquals("DEGRADED", dependency.get("status"));
    assertEquals("error", dependency.get("lastOutcome"));
    assertEquals("500", dependency.get("lastError"));
    assertTrue((Long) dependency.get("recentErrors") >= 1, () -> "dependency: " + dependency);
    assertEquals(3L, dependency.get("errors"));

    // Readiness is about this app, not its dependencies.
    assertEquals(200, frontend.endpoint("/ready").status());

    frontend.expect(200, "/chain");
    Map<String, Object> recovered = frontend.health();
    assertEquals("UP", recovered.get("status"), () -> "after a good call: " + recovered);
    assertEquals("ok", dependency(recovered).get("lastOutcome"));
    assertEquals(3L, dependency(recovered).get("recentErrors"), "recent errors are remembered");
  }

  @Test
  @Order(5)
  void unknownPathsAndMethods() {
    Http.Response missing = frontend.endpoint("/nope");
    assertEquals(404, missing.status());
    Http.Response post = Http.post(frontend.process.endpointUrl("/health"), "{}");
    assertEquals(405, post.status());
    Http.Response index = frontend.endpoint("/");
    assertEquals(200, index.status());
    assertTrue(index.body().contains("/metrics"));

    // The endpoint is the agent's own: no spans for it.
    frontend.expect(200, "/hello?marker=last");
    receiver.awaitSpan(span -> "marker=last".equals(span.attr("url.query")), PATIENCE);
    assertTrue(receiver.spans().stream().noneMatch(span -> span.attr("url.path") != null
        && List.of("/health", "/ready", "/live", "/traces", "/metrics", "/nope").contains(span.attr("url.path"))),
        () -> "endpoint spans: " + receiver.spans());
  }

  private static Map<String, Object> dependency(Map<String, Object> health) {
    return list(health.get("dependencies")).stream().map(RunningApp::object)
        .filter(d -> dependencyName.equals(d.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no dependency " + dependencyName + " in " + health));
  }
}
