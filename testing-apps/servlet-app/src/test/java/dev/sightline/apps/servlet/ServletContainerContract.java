package dev.sightline.apps.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedEvent;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the agent must show for the servlet app on any container: two instances of the app
 * (front calls back) share one OTLP receiver for the whole class, since containers start slowly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServletContainerContract {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Time for spans that should NOT exist to arrive if they did (export delay is 200 ms). */
  private static final Duration SETTLE = Duration.ofMillis(1200);
  private static final String FRONT = "servlet-front";
  private static final String BACK = "servlet-back";

  private final String container;
  private OtlpReceiver receiver;
  private TestApp back;
  private TestApp front;
  private String frontUrl;
  private String backUrl;
  private int backPort;

  ServletContainerContract(String container) {
    this.container = container;
  }

  @BeforeAll
  void startApps() {
    receiver = OtlpReceiver.start();
    backPort = TestApp.freePort();
    int frontPort = TestApp.freePort();
    backUrl = "http://127.0.0.1:" + backPort;
    frontUrl = "http://127.0.0.1:" + frontPort;
    back = app(BACK, backPort, null);
    front = app(FRONT, frontPort, backUrl);
    back.awaitLog("listening on port", Duration.ofSeconds(60));
    front.awaitLog("listening on port", Duration.ofSeconds(60));
    started(back);
    started(front);
  }

  /** Adjusts each instance's child JVM before it starts (a container that needs another class path). */
  void configure(TestApp.Builder builder) {}

  /** Checks each instance once it listens (which container it really runs, say); failing fails the class. */
  void started(TestApp app) {}

  private TestApp app(String service, int port, String downstream) {
    TestApp.Builder builder = TestApp.builder(ServletApp.class.getName())
        .name(container + "-" + service)
        .otlp(receiver)
        .serviceName(service)
        .args("--container", container, "--port", Integer.toString(port));
    if (downstream != null) {
      builder.args("--downstream", downstream);
    }
    configure(builder);
    return builder.start();
  }

  @AfterAll
  void stopApps() {
    for (AutoCloseable closeable : new AutoCloseable[] {front, back, receiver}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        e.printStackTrace();
      }
    }
  }

  @Test
  void readyOnceTheConnectorListens() {
    front.awaitHttpOk(front.endpointUrl("/ready"), TIMEOUT);
    assertEquals(200, Http.get(back.endpointUrl("/ready")).status());
  }

  @Test
  void routeIsTheServletPatternAndTheCallerIsTheParent() {
    String traceId = randomHex(32);
    String parentId = randomHex(16);
    String marker = marker();
    Http.Response response = Http.get(frontUrl + "/orders/42?" + marker,
        "traceparent", "00-" + traceId + "-" + parentId + "-01", "User-Agent", "contract-test");
    assertEquals(200, response.status());
    assertEquals("order 42", response.body());

    ReceivedSpan span = awaitServerSpan(FRONT, marker);
    assertEquals("GET /orders/*", span.name());
    assertEquals("/orders/*", span.attr("http.route"));
    assertEquals("/orders/42", span.attr("url.path"));
    assertEquals(marker, span.attr("url.query"));
    assertEquals("http", span.attr("url.scheme"));
    assertEquals("GET", span.attr("http.request.method"));
    assertEquals(200L, span.longAttr("http.response.status_code"));
    assertEquals("contract-test", span.attr("user_agent.original"));
    assertEquals("127.0.0.1", span.attr("client.address"));
    assertEquals(traceId, span.traceId());
    assertEquals(parentId, span.parentSpanId());
    assertEquals("dev.sightline.servlet", span.scopeName());
  }

  @Test
  void forwardToAnotherServletIsOneServerSpan() {
    String marker = marker();
    Http.Response response = Http.get(frontUrl + "/forward?" + marker);
    assertEquals(200, response.status());
    assertEquals("hello", response.body());

    ReceivedSpan span = awaitServerSpan(FRONT, marker);
    assertEquals("/forward", span.attr("http.route"));
    assertEquals(200L, span.longAttr("http.response.status_code"));
    assertEquals(List.of(span), serverSpansSettled(span.traceId()));
  }

  @Test
  void failingServletGives500WithTheException() {
    String marker = marker();
    assertEquals(500, Http.get(frontUrl + "/fail?" + marker).status());

    ReceivedSpan span = awaitServerSpan(FRONT, marker);
    assertEquals("/fail", span.attr("http.route"));
    assertEquals(500L, span.longAttr("http.response.status_code"));
    assertEquals("java.lang.IllegalStateException", span.attr("error.type"));
    assertEquals("ERROR", span.statusCode());
    ReceivedEvent exception = span.events().stream()
        .filter(event -> event.name().equals("exception"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no exception event on " + span));
    assertEquals("java.lang.IllegalStateException", exception.attr("exception.type"));
    assertEquals("the failing servlet failed", exception.attr("exception.message"));
    assertEquals(List.of(span), serverSpansSettled(span.traceId()));
  }

  @Test
  void asyncSpanEndsWhenTheAsyncWorkCompletes() {
    String marker = marker();
    Http.Response response = Http.get(frontUrl + "/async?" + marker);
    assertEquals("async done", response.body());

    ReceivedSpan span = awaitServerSpan(FRONT, marker);
    assertEquals("/async", span.attr("http.route"));
    assertEquals(200L, span.longAttr("http.response.status_code"));
    assertTrue(span.durationNanos() >= Duration.ofMillis(300).toNanos(), "span ended before the async work: " + span);
    assertEquals(List.of(span), serverSpansSettled(span.traceId()));
  }

  @Test
  void filterRejectionAndContainer404AreOneSpanEach() {
    String denied = marker() + "&deny=1";
    assertEquals(403, Http.get(frontUrl + "/hello?" + denied).status());
    ReceivedSpan rejected = awaitServerSpan(FRONT, denied);
    assertEquals(403L, rejected.longAttr("http.response.status_code"));
    assertEquals("/hello", rejected.attr("http.route"));

    String missing = marker();
    assertEquals(404, Http.get(frontUrl + "/no/such/route?" + missing).status());
    ReceivedSpan notFound = awaitServerSpan(FRONT, missing);
    assertEquals(404L, notFound.longAttr("http.response.status_code"));
    assertTrue(notFound.attr("error.type") == null, "a 404 is no server error: " + notFound);

    assertEquals(List.of(rejected), serverSpansSettled(rejected.traceId()));
    assertEquals(List.of(notFound), serverSpansSettled(notFound.traceId()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"apache", "apache-async", "okhttp", "okhttp-async"})
  void clientSpanCarriesTheTraceToTheOtherJvm(String client) {
    String marker = marker();
    Http.Response response = Http.get(frontUrl + "/call/" + client + "?path=/hello&" + marker);
    assertEquals("200 hello", response.body());

    ReceivedSpan server = awaitServerSpan(FRONT, marker);
    assertEquals("/call/*", server.attr("http.route"));
    ReceivedSpan clientSpan = receiver.awaitSpan(
        span -> span.kind().equals("CLIENT") && span.parentSpanId().equals(server.spanId()), TIMEOUT);
    assertEquals(server.traceId(), clientSpan.traceId());
    assertEquals("GET", clientSpan.name());
    assertEquals(client.startsWith("okhttp") ? "dev.sightline.okhttp" : "dev.sightline.apache-httpclient-5",
        clientSpan.scopeName());
    assertEquals(backUrl + "/hello", clientSpan.attr("url.full"));
    assertEquals("127.0.0.1", clientSpan.attr("server.address"));
    assertEquals((long) backPort, clientSpan.longAttr("server.port"));
    assertEquals(200L, clientSpan.longAttr("http.response.status_code"));

    ReceivedSpan downstream = receiver.awaitSpan(
        span -> span.kind().equals("SERVER") && span.parentSpanId().equals(clientSpan.spanId()), TIMEOUT);
    assertEquals(BACK, downstream.resourceAttr("service.name"));
    assertEquals(server.traceId(), downstream.traceId());
    assertEquals("/hello", downstream.attr("http.route"));

    List<ReceivedSpan> trace = settled(server.traceId());
    assertEquals(1, trace.stream().filter(span -> span.kind().equals("CLIENT")).count(), describe(trace));
    assertEquals(2, trace.stream().filter(span -> span.kind().equals("SERVER")).count(), describe(trace));
    assertTrue(server.endNanos() >= clientSpan.endNanos(), "server span ended before its client call");
  }

  @ParameterizedTest
  @ValueSource(strings = {"apache", "okhttp"})
  void redirectFollowedByTheClientIsOneClientSpan(String client) {
    String marker = marker();
    assertEquals("200 hello", Http.get(frontUrl + "/call/" + client + "?path=/redirect&" + marker).body());

    ReceivedSpan server = awaitServerSpan(FRONT, marker);
    ReceivedSpan clientSpan = receiver.awaitSpan(
        span -> span.kind().equals("CLIENT") && span.parentSpanId().equals(server.spanId()), TIMEOUT);
    assertEquals(1L, clientSpan.longAttr("http.request.resend_count"));
    assertEquals(200L, clientSpan.longAttr("http.response.status_code"));
    List<ReceivedSpan> downstream = receiver.awaitSpans(spans -> spans.stream()
        .filter(span -> span.kind().equals("SERVER") && span.parentSpanId().equals(clientSpan.spanId()))
        .count() == 2, TIMEOUT);
    List<String> routes = downstream.stream()
        .filter(span -> span.parentSpanId().equals(clientSpan.spanId()))
        .map(span -> span.attr("http.route") + " " + span.longAttr("http.response.status_code"))
        .sorted()
        .collect(Collectors.toList());
    assertEquals(List.of("/hello 200", "/redirect 302"), routes);
  }

  @Test
  void metricsUseTheRouteTemplate() {
    assertEquals(200, Http.get(frontUrl + "/orders/7").status());
    assertEquals("200 hello", Http.get(frontUrl + "/call/okhttp?path=/hello").body());

    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    MetricsScrape scrape = MetricsScrape.scrape(front.endpointUrl("/metrics"));
    while (scrape.sum("http_client_request_duration_seconds_count", "server_port", Integer.toString(backPort)) < 1
        && System.nanoTime() < deadline) {
      pause(Duration.ofMillis(100));
      scrape = MetricsScrape.scrape(front.endpointUrl("/metrics"));
    }
    assertTrue(scrape.sum("http_server_request_duration_seconds_count",
        "http_route", "/orders/*", "http_request_method", "GET", "http_response_status_code", "200") >= 1,
        scrape.text());
    assertTrue(scrape.labelValues("http_server_request_duration_seconds_count", "http_route").stream()
        .noneMatch(route -> route.matches(".*\\d.*")), "raw paths as routes: " + scrape.text());
    assertTrue(scrape.sum("http_client_request_duration_seconds_count",
        "server_address", "127.0.0.1", "server_port", Integer.toString(backPort),
        "http_response_status_code", "200") >= 1, scrape.text());
    assertTrue(scrape.find("http_server_request_duration_seconds_bucket", "http_route", "/call/*", "le", "+Inf")
        .isPresent(), scrape.text());
  }

  /** The SERVER span of the request whose query holds {@code marker}. */
  private ReceivedSpan awaitServerSpan(String service, String marker) {
    return receiver.awaitSpan(span -> span.kind().equals("SERVER")
        && service.equals(span.resourceAttr("service.name"))
        && span.attr("url.query") != null
        && span.attr("url.query").contains(marker), TIMEOUT);
  }

  /** The trace's SERVER spans once late spans had time to arrive. */
  private List<ReceivedSpan> serverSpansSettled(String traceId) {
    return settled(traceId).stream().filter(span -> span.kind().equals("SERVER")).collect(Collectors.toList());
  }

  private List<ReceivedSpan> settled(String traceId) {
    pause(SETTLE);
    return receiver.trace(traceId);
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String describe(List<ReceivedSpan> spans) {
    return spans.stream().map(ReceivedSpan::toString).collect(Collectors.joining("\n"));
  }

  private static String marker() {
    return "test=" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String randomHex(int length) {
    StringBuilder out = new StringBuilder(length);
    while (out.length() < length) {
      out.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
    }
    return out.toString();
  }
}
