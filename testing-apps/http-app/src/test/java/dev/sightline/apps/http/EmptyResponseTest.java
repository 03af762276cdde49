package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.PATIENCE;
import static dev.sightline.apps.http.RunningApp.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpServer;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Responses without a body (204, an empty 404). After one, the JDK's HttpURLConnection forgets
 * it is connected but keeps answering getInputStream from the finished exchange: the app's
 * second getInputStream call must neither start a second span nor trip the instrumentation.
 * The downstream is a plain JDK server in the test JVM: only the app is under test here.
 */
class EmptyResponseTest {

  private static HttpServer downstream;
  private static OtlpReceiver receiver;
  private static RunningApp app;

  @BeforeAll
  static void start() throws IOException {
    downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    downstream.createContext("/hello", exchange -> {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    downstream.createContext("/fail", exchange -> {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    downstream.start();
    receiver = OtlpReceiver.start();
    app = RunningApp.start(app("empty-bodies", receiver)
        .args("--downstream", "http://127.0.0.1:" + downstream.getAddress().getPort()));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (downstream != null) {
      downstream.stop(0);
    }
  }

  @Test
  void noContentIsOneSpanPerCall() {
    assertEquals("{\"target\":\"/hello\",\"send\":204,\"sendAsync\":204,\"urlConnection\":204}",
        app.expect(200, "/chain").body());
    List<ReceivedSpan> clients = clientSpans("/chain", "");
    for (ReceivedSpan client : clients) {
      assertEquals(204L, client.longAttr("http.response.status_code"));
      assertNull(client.attr("error.type"));
    }
    CrossJvmTraceTest.assertNoAdviceErrors(app);
  }

  @Test
  void emptyNotFoundIsOneFailedSpanPerCall() {
    assertEquals("{\"target\":\"/fail\",\"send\":404,\"sendAsync\":404,\"urlConnection\":404}",
        app.expect(200, "/chain?fail=1").body());
    List<ReceivedSpan> clients = clientSpans("/chain", "fail=1");
    for (ReceivedSpan client : clients) {
      assertEquals(404L, client.longAttr("http.response.status_code"));
      assertEquals("404", client.attr("error.type"));
      assertEquals("ERROR", client.statusCode());
    }
    CrossJvmTraceTest.assertNoAdviceErrors(app);
  }

  /** The client spans of the /chain request with this query, after the trace has settled. */
  private static List<ReceivedSpan> clientSpans(String path, String query) {
    ReceivedSpan root = receiver.awaitSpan(span -> path.equals(span.attr("url.path"))
        && (query.isEmpty() ? span.attr("url.query") == null : query.equals(span.attr("url.query"))), PATIENCE);
    receiver.awaitSpans(all -> all.stream().filter(span -> span.traceId().equals(root.traceId())).count() >= 4,
        PATIENCE);
    RunningApp.sleep(java.time.Duration.ofMillis(500)); // a stray extra span would arrive by now
    List<ReceivedSpan> clients = receiver.trace(root.traceId()).stream()
        .filter(span -> "CLIENT".equals(span.kind())).toList();
    Map<String, Long> scopes = clients.stream()
        .collect(Collectors.groupingBy(ReceivedSpan::scopeName, Collectors.counting()));
    assertEquals(Map.of("dev.sightline.java-http-client", 2L, "dev.sightline.http-url-connection", 1L), scopes,
        () -> "client spans: " + clients);
    clients.forEach(client -> assertEquals(root.spanId(), client.parentSpanId()));
    return clients;
  }
}
