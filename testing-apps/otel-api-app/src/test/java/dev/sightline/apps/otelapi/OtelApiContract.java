package dev.sightline.apps.otelapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedEvent;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An application's own OpenTelemetry API calls are served by the agent, with no change to the
 * application and no SDK of its own (otel-api-app bundles only the API and the annotations):
 * <ul>
 *   <li>{@code Span.current()} in a request is the agent's SERVER span, and a span the app starts
 *       is its child, exported by the agent under the app's instrumentation scope with every
 *       attribute type (string, long, boolean, double, string array) and its events; the agent's
 *       JDBC span inside it is its child, and {@code Span.current()} in its scope is it;</li>
 *   <li>{@code @WithSpan} methods become spans (named by the annotation, or {@code Class.method}),
 *       with their kind and {@code @SpanAttribute} parameters (named by the parameter when the
 *       annotation has no value), nested as the calls are, the agent's own spans inside them;</li>
 *   <li>a {@code @WithSpan} method that throws ends with error status and an {@code exception} event;</li>
 *   <li>baggage the app puts in its context travels in the agent-instrumented outgoing call, and
 *       the called route sees it through {@code Baggage.current()}, all in one trace;</li>
 *   <li>the app's counter, histograms, up-down counter and observable gauge are on the agent's
 *       {@code /metrics}, with Prometheus names made from name and unit, and description as HELP;</li>
 *   <li>{@code Context.taskWrapping} carries the agent's context to a pool thread;</li>
 *   <li>and the agent logs no warning, no error and no missing class while doing it.</li>
 * </ul>
 * Each variant (the API the app is built with, and API 1.30) runs one app start and makes every
 * request once in {@code @BeforeAll}; each test then waits for the spans it checks, so one missing
 * span fails only the tests that need it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OtelApiContract {

  static final Duration STARTUP = Duration.ofSeconds(60);
  static final Duration PATIENCE = Duration.ofSeconds(30);

  private OtlpReceiver receiver;
  private TestApp app;
  private Http.Response manual;
  private Http.Response annotated;
  private Http.Response failing;
  private Http.Response baggage;
  private List<Http.Response> metricsWork;
  private Http.Response async;

  /** The variant's API jars. */
  abstract TestApp.Builder configure(TestApp.Builder builder);

  /** The file name of the API jar the app must be running on. */
  abstract String expectedApiJar() throws IOException;

  @BeforeAll
  void startTheAppAndMakeTheRequests() {
    receiver = OtlpReceiver.start();
    app = configure(TestApp.builder(OtelApiApp.class.getName())
        .name(getClass().getSimpleName())
        .serviceName("otel-api-app")
        .otlp(receiver)
        .args("--port", "0"))
        .start();
    String base = "http://127.0.0.1:" + app.awaitListeningPort("otel-api-app", STARTUP);
    // Statuses are checked by the tests, so a failing route fails only its own tests.
    manual = Http.get(base + "/manual?id=101");
    annotated = Http.get(base + "/annotated?id=202");
    failing = Http.get(base + "/failing");
    baggage = Http.get(base + "/baggage");
    metricsWork = List.of(Http.get(base + "/metrics-work?product=book"), Http.get(base + "/metrics-work?product=book"));
    async = Http.get(base + "/async?id=303");
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void theAppRunsOnTheApiOfThisVariant() throws IOException {
    String api = app.log().lines().filter(line -> line.startsWith("otel-api-app api: ")).findFirst()
        .orElseThrow(() -> new AssertionError("no api line in " + app.logFile()));
    assertTrue(api.endsWith("/" + expectedApiJar()), expectedApiJar() + " is not the jar in: " + api);
  }

  @Test
  void aManualSpanIsAChildOfTheServerSpanWithItsTypedAttributesEventAndScope() {
    ReceivedSpan server = server("/manual", "id=101");
    ReceivedSpan work = inTrace(server, span -> span.name().equals("manual-work"));
    assertEquals(server.spanId(), work.parentSpanId(), work.toString());
    assertEquals("INTERNAL", work.kind());
    assertEquals("101", work.attributes().get("order.id"));
    assertEquals(3L, work.attributes().get("order.lines"));
    assertEquals(Boolean.TRUE, work.attributes().get("order.express"));
    assertEquals(1.5, work.attributes().get("order.weight"));
    assertEquals(List.of("a", "b"), work.attributes().get("order.tags"));
    ReceivedEvent checkpoint = work.events().stream().filter(event -> event.name().equals("checkpoint")).findFirst()
        .orElseThrow(() -> new AssertionError("no checkpoint event on " + work + ": " + work.events()));
    assertEquals("validated", checkpoint.attr("step"));
    // The tracer's scope; the harness decodes the scope's name only, not its version ("1.0.0").
    assertEquals("otel-api-app", work.scopeName());
  }

  @Test
  void theAgentsQueryInsideTheManualSpanIsItsChild() {
    ReceivedSpan work = inTrace(server("/manual", "id=101"), span -> span.name().equals("manual-work"));
    ReceivedSpan insert = inTrace(work, span -> span.kind().equals("CLIENT") && span.name().startsWith("INSERT"));
    assertEquals(work.spanId(), insert.parentSpanId(), insert.toString());
  }

  @Test
  void theAppSeesTheAgentsServerSpanAndItsOwnSpanAsCurrent() {
    Map<String, Object> answer = answer(manual, 200);
    ReceivedSpan server = server("/manual", "id=101");
    ReceivedSpan work = inTrace(server, span -> span.name().equals("manual-work"));
    assertEquals(server.traceId(), answer.get("currentTraceId"), "Span.current() before the manual span");
    assertEquals(server.spanId(), answer.get("currentSpanId"), "Span.current() before the manual span");
    assertEquals(work.traceId(), answer.get("manualTraceId"));
    assertEquals(work.spanId(), answer.get("manualSpanId"), "Span.current() inside the manual span's scope");
  }

  @Test
  void withSpanMethodsAreSpansWithTheirAttributesNestedAsTheCalls() {
    answer(annotated, 200);
    ReceivedSpan server = server("/annotated", "id=202");
    ReceivedSpan place = inTrace(server, span -> span.name().equals("place-order"));
    assertEquals(server.spanId(), place.parentSpanId(), place.toString());
    assertEquals("INTERNAL", place.kind());
    assertEquals("202", place.attributes().get("order.id"));
    assertEquals(250L, place.longAttr("amount"), "@SpanAttribute with no value is named by the parameter");
    ReceivedSpan insert = inTrace(server, span -> span.kind().equals("CLIENT") && span.name().startsWith("INSERT"));
    assertEquals(place.spanId(), insert.parentSpanId(), insert.toString());
    ReceivedSpan audit = inTrace(server, span -> span.name().equals("Orders.audit"));
    assertEquals(place.spanId(), audit.parentSpanId(), audit.toString());
    assertEquals("INTERNAL", audit.kind());
    ReceivedSpan notify = inTrace(server, span -> span.name().equals("Orders.notifyWarehouse"));
    assertEquals(place.spanId(), notify.parentSpanId(), notify.toString());
    assertEquals("PRODUCER", notify.kind());
  }

  @Test
  void aWithSpanMethodThatThrowsEndsInErrorWithItsException() {
    answer(failing, 409);
    ReceivedSpan server = server("/failing", null);
    ReceivedSpan reject = inTrace(server, span -> span.name().equals("Orders.reject"));
    assertEquals(server.spanId(), reject.parentSpanId(), reject.toString());
    assertEquals("ERROR", reject.statusCode(), reject.toString());
    ReceivedEvent exception = reject.events().stream().filter(event -> event.name().equals("exception")).findFirst()
        .orElseThrow(() -> new AssertionError("no exception event on " + reject + ": " + reject.events()));
    assertEquals("rejected by policy", exception.attr("exception.message"));
    assertEquals(IllegalStateException.class.getName(), exception.attr("exception.type"));
  }

  @Test
  void baggageTheAppSetsTravelsInItsOutgoingCallWithinOneTrace() {
    Map<String, Object> echo = answer(baggage, 200);
    String header = String.valueOf(echo.get("baggageHeader"));
    assertTrue(header.contains("tenant=acme"), "baggage header of the app's own call: '" + header + "'");
    assertEquals("acme", echo.get("tenant"), "Baggage.current() in /echo");
    ReceivedSpan outer = server("/baggage", null);
    assertEquals(outer.traceId(), echo.get("traceId"), "/echo runs in the trace of /baggage");
    ReceivedSpan call = inTrace(outer, span -> span.kind().equals("CLIENT"));
    assertEquals(outer.spanId(), call.parentSpanId(), call.toString());
    ReceivedSpan inner = inTrace(outer, span -> span.kind().equals("SERVER") && "/echo".equals(span.attr("url.path")));
    assertEquals(call.spanId(), inner.parentSpanId(), inner.toString());
  }

  @Test
  void theAppsMetricsAreOnTheAgentsPrometheusEndpoint() {
    metricsWork.forEach(response -> answer(response, 200));
    MetricsScrape scrape = awaitMetrics(s -> s.find("orders_placed_total", "product", "book").isPresent()
        && s.find("order_processing_duration_seconds_count").isPresent());
    assertEquals(2.0, scrape.find("orders_placed_total", "product", "book").orElseThrow().value());
    assertEquals(Optional.of("counter"), type(scrape, "orders_placed"));
    assertEquals(Optional.of("Orders placed"), help(scrape, "orders_placed"));
    assertEquals(2.0, scrape.find("order_amount_bytes_count", "product", "book").orElseThrow().value());
    assertEquals(3000.0, scrape.find("order_amount_bytes_sum", "product", "book").orElseThrow().value());
    assertFalse(scrape.samples("order_amount_bytes_bucket").isEmpty(), "no order_amount_bytes_bucket lines");
    assertEquals(2.0, scrape.find("order_amount_bytes_bucket", "product", "book", "le", "+Inf").orElseThrow().value());
    assertEquals(Optional.of("histogram"), scrape.type("order_amount_bytes"));
    // The up-down counter: +5 -2 twice, no attributes.
    assertEquals(6.0, scrape.sum("queue_depth"));
    assertEquals(Optional.of("gauge"), scrape.type("queue_depth"));
    assertEquals(2.0, scrape.sum("order_processing_duration_seconds_count"));
    assertEquals(0.5, scrape.sum("order_processing_duration_seconds_sum"), 1e-9);
    assertEquals(Optional.of("histogram"), scrape.type("order_processing_duration_seconds"));
    assertEquals(7.0, scrape.find("pool_size", "pool", "workers").orElseThrow(
        () -> new AssertionError("no pool_size{pool=\"workers\"} in " + scrape.names())).value());
    assertEquals(Optional.of("gauge"), scrape.type("pool_size"));
  }

  @Test
  void taskWrappingCarriesTheContextToThePoolThread() {
    answer(async, 200);
    ReceivedSpan server = server("/async", "id=303");
    ReceivedSpan child = inTrace(server, span -> span.name().equals("async-child"));
    assertEquals(server.spanId(), child.parentSpanId(), child.toString());
    ReceivedSpan select = inTrace(server, span -> span.kind().equals("CLIENT") && span.name().startsWith("SELECT"));
    assertEquals(server.traceId(), select.traceId());
  }

  @Test
  void theAgentLogsNoWarningNoErrorAndNoMissingClass() {
    app.assertAgentQuiet();
  }

  /** The SERVER span of one request, by path and (when not null) query. */
  private ReceivedSpan server(String path, String query) {
    return receiver.awaitSpan(span -> span.kind().equals("SERVER") && path.equals(span.attr("url.path"))
        && (query == null || query.equals(span.attr("url.query"))), PATIENCE);
  }

  /** A span of {@code of}'s trace. */
  private ReceivedSpan inTrace(ReceivedSpan of, Predicate<ReceivedSpan> condition) {
    return receiver.awaitSpan(span -> span.traceId().equals(of.traceId()) && condition.test(span), PATIENCE);
  }

  private static Map<String, Object> answer(Http.Response response, int status) {
    assertEquals(status, response.status(), response.body());
    return Json.object(response.body());
  }

  /** Scrapes until the app's instruments are there: the agent may collect them a moment after they record. */
  private MetricsScrape awaitMetrics(Predicate<MetricsScrape> ready) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    MetricsScrape scrape = MetricsScrape.scrape(app.endpointUrl("/metrics"));
    while (!ready.test(scrape)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the app's metrics are not on /metrics after " + PATIENCE + ": " + scrape.names());
      }
      sleep(Duration.ofMillis(200));
      scrape = MetricsScrape.scrape(app.endpointUrl("/metrics"));
    }
    return scrape;
  }

  /** A counter's TYPE and HELP are declared under its name with or without {@code _total}, depending on the writer. */
  private static Optional<String> type(MetricsScrape scrape, String counter) {
    return scrape.type(counter + "_total").or(() -> scrape.type(counter));
  }

  private static Optional<String> help(MetricsScrape scrape, String counter) {
    return scrape.help(counter + "_total").or(() -> scrape.help(counter));
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
