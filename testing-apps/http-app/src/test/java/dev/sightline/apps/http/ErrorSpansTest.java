package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.PATIENCE;
import static dev.sightline.apps.http.RunningApp.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedEvent;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failures are recorded the way the conventions say: a 5xx answer, a throwing handler, and a
 * downstream that refuses connections; the application answers as it would without the agent.
 */
class ErrorSpansTest {

  private static OtlpReceiver receiver;
  private static RunningApp backend;
  private static RunningApp frontend;
  /** Its downstream is a port nobody listens on. */
  private static RunningApp orphan;
  private static int closedPort;

  @BeforeAll
  static void startApps() {
    receiver = OtlpReceiver.start();
    closedPort = TestApp.freePort();
    // The backend binds port 0 first and the frontend is told the port it got: no race for a "free" port.
    backend = RunningApp.start(app("backend", receiver));
    List<RunningApp> apps = RunningApp.startAll(
        app("frontend", receiver).args("--downstream", "http://127.0.0.1:" + backend.port),
        app("orphan", receiver).args("--downstream", "http://127.0.0.1:" + closedPort));
    frontend = apps.get(0);
    orphan = apps.get(1);
  }

  @AfterAll
  static void stopApps() {
    for (AutoCloseable closeable : new AutoCloseable[] {frontend, backend, orphan, receiver}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // keep stopping the others
      }
    }
  }

  @Test
  void downstreamErrorStatusMarksServerAndClientSpans() {
    assertEquals("{\"target\":\"/fail\",\"send\":500,\"sendAsync\":500,\"urlConnection\":500}",
        frontend.expect(200, "/chain?fail=1").body());

    ReceivedSpan root = receiver.awaitSpan(span -> "GET /chain".equals(span.name())
        && "fail=1".equals(span.attr("url.query")), PATIENCE);
    List<ReceivedSpan> trace = awaitTrace(root.traceId(), 7);

    assertEquals(200L, root.longAttr("http.response.status_code"), "the frontend itself answered 200");
    assertNull(root.attr("error.type"));
    assertEquals("UNSET", root.statusCode());

    List<ReceivedSpan> clients = trace.stream().filter(span -> "CLIENT".equals(span.kind())).toList();
    assertEquals(3, clients.size(), () -> "client spans: " + trace);
    for (ReceivedSpan client : clients) {
      assertEquals(root.spanId(), client.parentSpanId());
      assertEquals("http://127.0.0.1:" + backend.port + "/fail", client.attr("url.full"));
      assertEquals(500L, client.longAttr("http.response.status_code"));
      assertEquals("500", client.attr("error.type"), () -> "client error.type: " + client);
      assertEquals("ERROR", client.statusCode(), () -> "client status: " + client);
    }

    List<ReceivedSpan> servers = trace.stream()
        .filter(span -> "SERVER".equals(span.kind()) && !span.isRoot()).toList();
    assertEquals(3, servers.size(), () -> "backend spans: " + trace);
    for (ReceivedSpan server : servers) {
      assertEquals("GET /fail", server.name());
      assertEquals("backend", server.resourceAttr("service.name"));
      assertEquals("/fail", server.attr("http.route"));
      assertEquals(500L, server.longAttr("http.response.status_code"));
      assertEquals("500", server.attr("error.type"), () -> "server error.type: " + server);
      assertEquals("ERROR", server.statusCode(), () -> "server status: " + server);
      assertTrue(clients.stream().anyMatch(client -> client.spanId().equals(server.parentSpanId())),
          () -> "parent of " + server + " among " + clients);
    }

    // 4xx is a client's error, not the server's: no error.type on the server span.
    backend.expect(404, "/api/orders/");
    ReceivedSpan notFound = receiver.awaitSpan(span -> "/api/orders/".equals(span.attr("url.path")), PATIENCE);
    assertEquals(404L, notFound.longAttr("http.response.status_code"));
    assertNull(notFound.attr("error.type"), () -> "404 server span: " + notFound);
    assertEquals("UNSET", notFound.statusCode());
  }

  @Test
  void throwingHandlerRecordsTheException() {
    // The handler throws without answering, so the JDK server drops the connection.
    assertThrows(RuntimeException.class, () -> backend.get("/boom"));

    ReceivedSpan boom = receiver.awaitSpan(span -> "GET /boom".equals(span.name()), PATIENCE);
    assertEquals("SERVER", boom.kind());
    assertEquals("/boom", boom.attr("http.route"));
    assertEquals("java.lang.IllegalStateException", boom.attr("error.type"));
    assertEquals("ERROR", boom.statusCode());
    ReceivedEvent exception = boom.events().stream()
        .filter(event -> "exception".equals(event.name())).findFirst()
        .orElseThrow(() -> new AssertionError("no exception event: " + boom.events()));
    assertEquals("java.lang.IllegalStateException", exception.attr("exception.type"));
    assertEquals("boom", exception.attr("exception.message"));
    assertTrue(exception.attr("exception.stacktrace").contains("Handlers$Boom.handle"),
        () -> "stack trace: " + exception.attr("exception.stacktrace"));

    // The server's metric counts it under the exception's type.
    assertTrue(backend.metrics().find("http_server_request_duration_seconds_count",
        "http_route", "/boom", "error_type", "java.lang.IllegalStateException").isPresent(),
        () -> backend.metrics().samples("http_server_request_duration_seconds_count").toString());
    backend.expect(200, "/hello");
  }

  @Test
  void refusedConnectionIsAClientErrorAndTheAppCarriesOn() {
    String body = orphan.expect(502, "/chain").body();
    assertTrue(body.startsWith("downstream send /hello failed"), body);

    ReceivedSpan root = receiver.awaitSpan(span -> "GET /chain".equals(span.name())
        && "orphan".equals(span.resourceAttr("service.name")), PATIENCE);
    assertEquals(502L, root.longAttr("http.response.status_code"));
    assertEquals("502", root.attr("error.type"));

    ReceivedSpan client = receiver.awaitSpan(span -> "CLIENT".equals(span.kind())
        && span.traceId().equals(root.traceId()), PATIENCE);
    assertEquals(root.spanId(), client.parentSpanId());
    assertEquals("dev.sightline.java-http-client", client.scopeName());
    assertEquals("http://127.0.0.1:" + closedPort + "/hello", client.attr("url.full"));
    assertEquals((long) closedPort, client.longAttr("server.port"));
    assertNull(client.attr("http.response.status_code"), "no response, no status");
    String errorType = client.attr("error.type");
    assertTrue(errorType != null && errorType.matches("java\\.[\\w.$]+Exception"),
        () -> "error.type is an exception class name: " + client);
    assertEquals("ERROR", client.statusCode());
    assertTrue(client.events().stream().anyMatch(event -> "exception".equals(event.name())),
        () -> "exception event: " + client);

    // /health names the dependency and its failure; the app still serves.
    Map<String, Object> dependency = RunningApp.list(orphan.health().get("dependencies")).stream()
        .map(RunningApp::object)
        .filter(d -> ("127.0.0.1:" + closedPort).equals(d.get("name")))
        .findFirst().orElseThrow(() -> new AssertionError("dependency missing: " + orphan.health()));
    assertEquals("error", dependency.get("lastOutcome"));
    assertEquals(errorType, dependency.get("lastError"));
    orphan.expect(200, "/hello");
    assertTrue(orphan.process.isAlive());
  }

  private static List<ReceivedSpan> awaitTrace(String traceId, int count) {
    receiver.awaitSpans(all -> all.stream().filter(s -> s.traceId().equals(traceId)).count() >= count,
        PATIENCE);
    List<ReceivedSpan> trace = receiver.trace(traceId);
    assertEquals(count, trace.size(), () -> "trace " + traceId + ": " + trace);
    return trace;
  }
}
