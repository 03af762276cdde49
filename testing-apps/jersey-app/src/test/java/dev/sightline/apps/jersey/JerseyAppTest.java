package dev.sightline.apps.jersey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * JAX-RS routes on Jersey 3 (mounted at {@code /api/*} on Jetty 12): the span name and
 * {@code http.route} are the servlet path plus the resource's class- and method-level
 * {@code @Path} templates ({@code GET /api/things/{id}}), the metric label is that template, and
 * the resource's JDBC and HTTP client spans are its children, an {@code AsyncResponse} resumed
 * from a worker thread included. One app start; every request is made once in {@code @BeforeAll}.
 *
 * <p>Judgment calls accept a small set: a template with a regular expression ({@code {id:
 * [0-9]+}}) may be reported with or without it, and a path no resource matches gets the servlet's
 * mapping ({@code /api/*}), never the raw path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JerseyAppTest {

  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Set<String> STOCK_ROUTES = Set.of("/api/stock/{id}", "/api/stock/{id: [0-9]+}");
  private static final Set<String> UNMATCHED_ROUTES = Set.of("/api/*");
  private static final String UNMATCHED_PATH = "/api/nothing/here/5";

  /** Requests of the test: path, status the app answers. */
  private static final Map<String, Integer> CALLS = new LinkedHashMap<>();

  static {
    CALLS.put("/api/things/1", 200);
    CALLS.put("/api/things/2", 200);
    CALLS.put("/api/things", 200);
    CALLS.put("/api/things/1/later", 200);
    CALLS.put("/api/things/9", 404);
    CALLS.put(UNMATCHED_PATH, 404);
  }

  private OtlpReceiver receiver;
  private TestApp app;
  private int port;
  private final Map<String, Http.Response> answers = new LinkedHashMap<>();

  @BeforeAll
  void startTheAppAndMakeEveryRequestOnce() {
    receiver = OtlpReceiver.start();
    app = TestApp.builder(JerseyApp.class.getName())
        .name("jersey-app")
        .serviceName("jersey-app")
        .otlp(receiver)
        .args("--port", "0")
        .start();
    port = app.awaitListeningPort("jersey-app", STARTUP);
    CALLS.keySet().forEach(path -> answers.put(path, Http.get("http://127.0.0.1:" + port + path)));

    // Every request's SERVER span (and the two stock calls'), then a moment for stragglers.
    List<String> paths = new ArrayList<>(CALLS.keySet());
    paths.addAll(List.of("/api/stock/1", "/api/stock/2"));
    long exported = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < exported
        && !paths.stream().allMatch(path -> receiver.spans().stream().anyMatch(server(path)))) {
      sleep(100);
    }
    sleep(1000);
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.stop();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void theAppAnswersAsItWouldWithoutTheAgent() {
    CALLS.forEach((path, status) -> assertEquals(status, answers.get(path).status(), path + ": " + answers.get(path).body()));
    assertEquals("{\"id\":1,\"name\":\"lamp\",\"stock\":{\"id\":1,\"available\":7}}", answers.get("/api/things/1").body());
    assertTrue(answers.get("/api/things/1/later").body().contains("\"thread\":\"jersey-app-worker-"),
        answers.get("/api/things/1/later").body());
  }

  @Test
  void aResourceMethodsSpanIsNamedAfterItsTemplateWithItsQueryAndCallBelowIt() {
    for (long id : new long[] {1, 2}) {
      ReceivedSpan server = singleServer("/api/things/" + id);
      assertEquals("GET /api/things/{id}", server.name(), server.toString());
      assertEquals("/api/things/{id}", server.attr("http.route"), server.toString());
      assertEquals(200L, server.longAttr("http.response.status_code"));

      List<ReceivedSpan> trace = receiver.trace(server.traceId());
      ReceivedSpan query = single(trace, "the JDBC span 'SELECT things'",
          s -> "CLIENT".equals(s.kind()) && "SELECT name FROM things WHERE id = ?".equals(s.attr("db.query.text")));
      assertEquals("SELECT things", query.name());
      assertEquals("h2database", query.attr("db.system.name"));
      assertEquals(server.spanId(), query.parentSpanId(), "the query is the request's child: " + query);

      ReceivedSpan call = single(trace, "the JDK HttpClient span",
          s -> "CLIENT".equals(s.kind()) && "dev.sightline.java-http-client".equals(s.scopeName()));
      assertEquals("http://127.0.0.1:" + port + "/api/stock/" + id, call.attr("url.full"));
      assertEquals(server.spanId(), call.parentSpanId(), "the stock call is the request's child: " + call);

      ReceivedSpan stock = singleServer("/api/stock/" + id);
      assertEquals(call.traceId(), stock.traceId(), "the stock request continues the call's trace: " + stock);
      assertEquals(call.spanId(), stock.parentSpanId(), "the stock request is the call's child: " + stock);
      assertTrue(STOCK_ROUTES.contains(String.valueOf(stock.attr("http.route"))),
          "the stock route is one of " + STOCK_ROUTES + ": " + stock);
      assertEquals("GET " + stock.attr("http.route"), stock.name());

      assertEquals(Set.of(server, query, call, stock), Set.copyOf(trace), "the request's trace holds nothing else:\n"
          + ReceivedSpan.describe(trace));
    }
  }

  @Test
  void theClassLevelPathAloneIsARouteToo() {
    ReceivedSpan server = singleServer("/api/things");
    assertEquals("GET /api/things", server.name(), server.toString());
    assertEquals("/api/things", server.attr("http.route"));
    List<ReceivedSpan> trace = receiver.trace(server.traceId());
    ReceivedSpan count = single(trace, "SELECT COUNT(*) FROM things",
        s -> "SELECT COUNT(*) FROM things".equals(s.attr("db.query.text")));
    assertEquals(server.spanId(), count.parentSpanId(), count.toString());
  }

  @Test
  void aNotFoundFromTheResourceKeepsItsTemplateAndIsNoServerError() {
    ReceivedSpan server = singleServer("/api/things/9");
    assertEquals(404L, server.longAttr("http.response.status_code"));
    assertEquals("GET /api/things/{id}", server.name(), server.toString());
    assertEquals("/api/things/{id}", server.attr("http.route"), server.toString());
    assertNull(server.attr("error.type"), "a 404 is the client's error: " + server);
  }

  @Test
  void aPathNoResourceMatchesGetsTheServletsMappingNeverTheRawPath() {
    ReceivedSpan server = singleServer(UNMATCHED_PATH);
    assertEquals(404L, server.longAttr("http.response.status_code"));
    String route = server.attr("http.route");
    assertTrue(route != null && UNMATCHED_ROUTES.contains(route), "route is one of " + UNMATCHED_ROUTES + ": " + server);
    assertEquals("GET " + route, server.name());
  }

  @Test
  void anAsyncResponseResumedOnAWorkerThreadKeepsItsQueryInTheRequestsTrace() {
    ReceivedSpan server = singleServer("/api/things/1/later");
    assertEquals("GET /api/things/{id}/later", server.name(), server.toString());
    assertEquals("/api/things/{id}/later", server.attr("http.route"));
    List<ReceivedSpan> queries = receiver.spans().stream()
        .filter(s -> String.valueOf(s.attr("db.query.text")).contains("AS later_name"))
        .toList();
    assertEquals(1, queries.size(), "one query from the worker thread: " + ReceivedSpan.describe(queries));
    ReceivedSpan query = queries.get(0);
    assertEquals(server.traceId(), query.traceId(), "the worker's query is in the request's trace"
        + (query.isRoot() ? ", not a root span of its own" : "") + ": " + query);
    assertEquals(server.spanId(), query.parentSpanId(), "the worker's query is the request's child: " + query);
    assertTrue(query.endNanos() <= server.endNanos(), "the SERVER span ends when the response is resumed, after the"
        + " query:\n  " + server + "\n  " + query);
    assertEquals(2, receiver.trace(server.traceId()).size(), ReceivedSpan.describe(receiver.trace(server.traceId())));
  }

  @Test
  void theDurationMetricIsLabelledWithTheTemplates() {
    MetricsScrape scrape = MetricsScrape.scrape(app.endpointUrl("/metrics"));
    String family = "http_server_request_duration_seconds_count";
    Set<String> routes = scrape.labelValues(family, "http_route");
    System.out.println("[JerseyAppTest] http_route values: " + routes);
    assertEquals(2.0, scrape.sum(family, "http_route", "/api/things/{id}", "http_request_method", "GET",
        "http_response_status_code", "200"), "two ids, one label; routes: " + routes);
    assertEquals(1.0, scrape.sum(family, "http_route", "/api/things/{id}", "http_response_status_code", "404"),
        "routes: " + routes);
    assertEquals(1.0, scrape.sum(family, "http_route", "/api/things", "http_response_status_code", "200"),
        "routes: " + routes);
    assertEquals(1.0, scrape.sum(family, "http_route", "/api/things/{id}/later", "http_response_status_code", "200"),
        "routes: " + routes);
    assertEquals(2.0, STOCK_ROUTES.stream().mapToDouble(route -> scrape.sum(family, "http_route", route)).sum(),
        "the two stock calls under one of " + STOCK_ROUTES + "; routes: " + routes);
    assertEquals(1.0, UNMATCHED_ROUTES.stream().mapToDouble(route -> scrape.sum(family, "http_route", route,
        "http_response_status_code", "404")).sum(), "the unmatched path under " + UNMATCHED_ROUTES + "; routes: " + routes);
    Set<String> leaks = scrape.samples().stream()
        .flatMap(sample -> sample.labels().values().stream())
        .filter(value -> Stream.of("/api/things/1", "/api/things/2", "/api/things/9", "/api/stock/1", "/nothing")
            .anyMatch(value::contains))
        .collect(Collectors.toCollection(TreeSet::new));
    assertTrue(leaks.isEmpty(), "label values with a raw path: " + leaks);
  }

  @Test
  void theAgentLogsNoWarningNoErrorAndNoMissingClass() {
    app.assertAgentQuiet();
  }

  // ---------------------------------------------------------------------------------------------

  private static Predicate<ReceivedSpan> server(String path) {
    return s -> "SERVER".equals(s.kind()) && path.equals(s.attr("url.path"));
  }

  private ReceivedSpan singleServer(String path) {
    List<ReceivedSpan> servers = receiver.spans().stream().filter(server(path)).toList();
    assertEquals(1, servers.size(), "one SERVER span for " + path + ":\n" + ReceivedSpan.describe(servers)
        + "\nAll spans:\n" + ReceivedSpan.describe(receiver.spans()));
    return servers.get(0);
  }

  private static ReceivedSpan single(List<ReceivedSpan> spans, String what, Predicate<ReceivedSpan> condition) {
    List<ReceivedSpan> matches = spans.stream().filter(condition).toList();
    assertEquals(1, matches.size(), "exactly one " + what + " in:\n" + ReceivedSpan.describe(spans));
    return matches.get(0);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
