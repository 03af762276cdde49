package dev.sightline.apps.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedEvent;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 12 on the Spring Boot app ({@code java -javaagent -jar}, Boot 3.5 here and Boot 4.0 in
 * spring-boot-4-app): framework routes, context across threads and async requests, errors where
 * the framework handles them, and no span or scope left behind. One app start for the class: the
 * {@code @BeforeAll} makes every request once (no {@code traceparent}, so each SERVER span must be
 * a root), probes the app's pooled threads last, and waits for the export; each test then reads
 * the spans it is about.
 *
 * <p>How the spans of one piece of work are found wherever they ended up: each query of the
 * threads routes ({@link WorkController}) names its route in a column alias ({@code SELECT COUNT(*)
 * AS async_orders ...}), which the agent's sanitizing keeps in {@code db.query.text}.
 *
 * <p>Expectations that are judgment calls accept a small set: the route of a path no handler
 * matches ({@code /**} or {@code /error}, never the raw path), the route of a request whose
 * exception reaches Spring Boot's error page (the handler's template or {@code /error}), and the
 * {@code error.type} of a 500 answer that an exception caused ({@code "500"} or the exception's
 * class; the exception event must name the class either way).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracesHoldTogetherIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  /** Fixed, so supplyAsync and parallel streams use the common pool on any machine (1 on two cores). */
  private static final int COMMON_POOL_PARALLELISM = 2;
  private static final String PACKAGE = "dev.sightline.apps.springboot.";

  private static final Set<String> UNMATCHED_ROUTES = Set.of("/**", "/error");

  /** One request of the test: method, path, the status the app answers, the route the span must name. */
  private record Call(String method, String path, int status, String route) {
    String key() {
      return method + " " + path;
    }
  }

  private static final List<Call> CALLS = List.of(
      // Routes and errors.
      new Call("GET", "/orders/424242", 404, "/orders/{orderId}"),
      new Call("GET", "/catalog/stationery/products/book", 200, "/catalog/{category}/products/{product}"),
      new Call("GET", "/orders/7/invoice", 500, "/orders/{orderId}/invoice"),
      new Call("GET", "/orders/7/label", 500, null), // /orders/{orderId}/label or /error
      new Call("GET", "/no/such/page/42", 404, null), // /** or /error
      // Context across threads.
      new Call("GET", "/work/async/book", 200, "/work/async/{product}"),
      new Call("GET", "/work/chain/pen", 200, "/work/chain/{product}"),
      new Call("GET", "/work/parallel", 200, "/work/parallel"),
      new Call("GET", "/work/deferred/11", 200, "/work/deferred/{orderId}"),
      new Call("GET", "/work/callable/12", 200, "/work/callable/{orderId}"),
      new Call("GET", "/work/future/13", 200, "/work/future/{orderId}"),
      new Call("GET", "/work/executor", 200, "/work/executor"),
      new Call("GET", "/work/bounded", 503, "/work/bounded"),
      // Listeners that throw.
      new Call("POST", "/orders/21/rejection", 202, "/orders/{orderId}/rejection"),
      // Last: one insert per pooled thread, from a thread that never served a request.
      new Call("POST", "/work/probe", 200, "/work/probe"));

  private static final String LABEL_PATH = "/orders/7/label";
  private static final String UNMATCHED_PATH = "/no/such/page/42";
  /** The inventory call /work/chain/pen makes to this app. */
  private static final String CHAIN_CALLEE_PATH = "/inventory/pen";

  private RunningBootApp boot;
  private String ordersTopic;
  private String auditQueue;
  private OtlpReceiver receiver;
  private TestApp app;
  private int port;
  private final Map<String, Http.Response> answers = new LinkedHashMap<>();
  /** Per pool: the threads its tasks ran on, and those the probe's inserts ran on. */
  private Map<String, Object> probeReport = Map.of();
  private int probedThreads;
  /** What {@link #awaitExport} could not find in time (tests that need it fail naming it). */
  private final List<String> notExported = new ArrayList<>();

  @BeforeAll
  void startTheAppAndMakeEveryRequestOnce() throws Exception {
    boot = RunningBootApp.start("-threads",
        List.of("-Djava.util.concurrent.ForkJoinPool.common.parallelism=" + COMMON_POOL_PARALLELISM),
        // The probe must meet the very threads the tasks ran on: none may time out meanwhile.
        List.of("--spring.task.execution.pool.allow-core-thread-timeout=false"));
    ordersTopic = boot.ordersTopic;
    auditQueue = boot.auditQueue;
    receiver = boot.receiver;
    app = boot.app;
    port = boot.port;

    for (Call call : CALLS) {
      answers.put(call.key(), send(call));
    }
    Http.Response probe = answers.get("POST /work/probe");
    if (probe.status() == 200) {
      probeReport = Json.object(probe.body());
      probedThreads = probeReport.values().stream().mapToInt(pool -> list(map(pool).get("probed")).size()).sum();
    }
    awaitExport();
  }

  @AfterAll
  void stopEverything() {
    if (boot != null) {
      boot.close();
    }
  }

  // --- The app itself --------------------------------------------------------------------------

  @Test
  void theAppAnswersEveryRequestAsItWouldWithoutTheAgent() {
    List<String> wrong = new ArrayList<>();
    for (Call call : CALLS) {
      Http.Response answer = answers.get(call.key());
      if (answer.status() != call.status()) {
        wrong.add(call.key() + " answered " + answer.status() + " instead of " + call.status() + ": " + answer.body());
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong) + "\nApp log: " + app.logFile());
    Map<String, Object> bounded = Json.object(answers.get("GET /work/bounded").body());
    assertEquals("java.util.concurrent.RejectedExecutionException", bounded.get("rejected"), bounded.toString());
    assertEquals(2, list(bounded.get("ran")).size(), bounded.toString());
    Map<String, Object> parallel = Json.object(answers.get("GET /work/parallel").body());
    assertTrue(list(parallel.get("threads")).stream().anyMatch(t -> String.valueOf(t).startsWith("ForkJoinPool.commonPool-worker")),
        "some elements of the parallel stream ran on the common pool, or the case proves nothing: " + parallel);
  }

  // --- Routes ------------------------------------------------------------------------------------

  @Test
  void spanNamesAndHttpRouteAreTheHandlersTemplates() {
    List<String> wrong = new ArrayList<>();
    List<Call> routed = new ArrayList<>(CALLS.stream().filter(c -> c.route() != null).toList());
    routed.add(new Call("GET", CHAIN_CALLEE_PATH, 200, "/inventory/{product}"));
    for (Call call : routed) {
      List<ReceivedSpan> servers = servers(call.path());
      if (servers.size() != 1) {
        wrong.add(call.key() + ": " + servers.size() + " SERVER spans, 1 expected: " + servers);
        continue;
      }
      ReceivedSpan server = servers.get(0);
      String expectedName = call.method() + " " + call.route();
      if (!expectedName.equals(server.name()) || !call.route().equals(server.attr("http.route"))) {
        wrong.add(call.key() + ": name '" + server.name() + "', http.route " + server.attr("http.route")
            + "; expected '" + expectedName + "' and " + call.route());
      }
    }
    assertTrue(wrong.isEmpty(), "SERVER spans without their handler's template:\n  " + String.join("\n  ", wrong));
  }

  @Test
  void aPathNoHandlerMatchesGetsABoundedRouteNeverTheRawPath() {
    ReceivedSpan server = singleServer(UNMATCHED_PATH);
    assertEquals(404L, server.longAttr("http.response.status_code"), server.toString());
    String route = server.attr("http.route");
    assertNotNull(route, "an unmatched path still has a route (Spring Boot's /** resource handler or /error): " + server);
    assertTrue(route != null && UNMATCHED_ROUTES.contains(route), "route " + route + " is one of " + UNMATCHED_ROUTES + ": " + server);
    assertEquals("GET " + route, server.name());
    assertNull(server.attr("error.type"), "a 404 is the client's error: " + server);
  }

  // --- Errors the framework handles ----------------------------------------------------------------

  @Test
  void anExceptionHandlersFiveHundredMarksTheServerSpanWithTheException() {
    ReceivedSpan server = singleServer("/orders/7/invoice");
    assertEquals(500L, server.longAttr("http.response.status_code"), server.toString());
    assertEquals("GET /orders/{orderId}/invoice", server.name(), server.toString());
    assertErrorAndExceptionEvent(server, PACKAGE + "InvoiceUnavailableException", "no invoice for order 7: invoicing is down");
  }

  @Test
  void anExceptionReachingSpringBootsErrorHandlingMarksTheServerSpanWithTheException() {
    // One SERVER span, though the container re-dispatches the request to /error.
    ReceivedSpan server = singleServer(LABEL_PATH);
    assertEquals(500L, server.longAttr("http.response.status_code"), server.toString());
    Set<String> routes = Set.of("/orders/{orderId}/label", "/error");
    assertTrue(server.attr("http.route") != null && routes.contains(server.attr("http.route")), "route is one of " + routes + ": " + server);
    assertEquals("GET " + server.attr("http.route"), server.name());
    assertErrorAndExceptionEvent(server, PACKAGE + "LabelPrinterException", "no label for order 7: the printer is offline");
  }

  // --- Context across threads --------------------------------------------------------------------

  @Test
  void anAsyncMethodsQueryIsInTheRequestsTrace() {
    assertWorkUnderRequest("/work/async/book", Map.of("async_orders", 1));
  }

  @Test
  void aCompletableFutureChainsQueryAndHttpCallAreInTheRequestsTrace() {
    Work work = assertQueriesUnderRequest("/work/chain/pen", Map.of("chain_orders", 1));
    ReceivedSpan server = work.server();
    List<ReceivedSpan> clients = receiver.spans().stream()
        .filter(s -> "CLIENT".equals(s.kind()) && String.valueOf(s.attr("url.full")).endsWith(CHAIN_CALLEE_PATH))
        .toList();
    assertEquals(1, clients.size(), "one CLIENT span for GET " + CHAIN_CALLEE_PATH + ": " + clients);
    ReceivedSpan client = clients.get(0);
    assertEquals("dev.sightline.java-http-client", client.scopeName(), client.toString());
    assertUnder(server, client, "the thenApplyAsync stage's HTTP call");
    ReceivedSpan callee = singleServer(CHAIN_CALLEE_PATH);
    assertEquals(client.traceId(), callee.traceId(), "the inventory's SERVER span continues the call's trace");
    assertEquals(client.spanId(), callee.parentSpanId(), "the inventory's SERVER span is the call's child");
    List<ReceivedSpan> expected = new ArrayList<>(work.spans());
    expected.add(client);
    expected.add(callee);
    assertTraceHolds(server, expected);
  }

  @Test
  void aParallelStreamsQueriesAreInTheRequestsTrace() {
    assertWorkUnderRequest("/work/parallel", Map.of("parallel_orders", 8));
  }

  @Test
  void aDeferredResultsQueryIsInTheRequestsTraceAndTheSpanEndsAtCompletion() {
    ReceivedSpan server = assertWorkUnderRequest("/work/deferred/11", Map.of("deferred_order", 1));
    assertEndsAfterItsWork(server, "deferred_order");
  }

  @Test
  void aCallablesQueryIsInTheRequestsTraceAndTheSpanEndsAtCompletion() {
    ReceivedSpan server = assertWorkUnderRequest("/work/callable/12", Map.of("callable_order", 1));
    assertEndsAfterItsWork(server, "callable_order");
  }

  @Test
  void aCompletableFutureReturnValuesQueryIsInTheRequestsTraceAndTheSpanEndsAtCompletion() {
    ReceivedSpan server = assertWorkUnderRequest("/work/future/13", Map.of("future_order", 1));
    assertEndsAfterItsWork(server, "future_order");
  }

  @Test
  void executorSubmitAndInvokeAllQueriesAreInTheRequestsTrace() {
    assertWorkUnderRequest("/work/executor", Map.of("submitted_orders", 1, "invoked_orders", 2));
  }

  @Test
  void aRejectedTaskLeavesNothingAndTheRequestCarriesOn() {
    // The two accepted tasks' queries and the request thread's own query after the rejection.
    ReceivedSpan server = assertWorkUnderRequest("/work/bounded", Map.of("bounded_task", 2, "after_rejection", 1));
    assertEquals(503L, server.longAttr("http.response.status_code"), server.toString());
    assertEquals("503", server.attr("error.type"), server.toString());
    assertEquals(List.of(), queries("rejected_task"), "the rejected task never ran");
  }

  // --- Nothing left open ---------------------------------------------------------------------------

  @Test
  void noPooledThreadKeepsAContextAfterItsTasks() {
    Http.Response answer = answers.get("POST /work/probe");
    assertEquals(200, answer.status(), "the probe: " + answer.body() + "\nApp log: " + app.logFile());
    // The probe ran on every thread the cases' tasks ran on (else it proves nothing)...
    List<String> uncovered = new ArrayList<>();
    for (String pool : List.of("spring-task", "workers", "bounded")) {
      Map<String, Object> report = map(probeReport.get(pool));
      Set<Object> ran = new TreeSet<>(list(report.get("ran")));
      Set<Object> probed = new TreeSet<>(list(report.get("probed")));
      if (ran.isEmpty() || !probed.containsAll(ran)) {
        uncovered.add(pool + ": tasks ran on " + ran + ", the probe on " + probed);
      }
    }
    assertTrue(uncovered.isEmpty(), "the probe must cover the pools' threads:\n  " + String.join("\n  ", uncovered));
    assertEquals(COMMON_POOL_PARALLELISM, list(map(probeReport.get("common")).get("probed")).size(),
        "one probe per common pool worker: " + probeReport);

    // ...and each of its inserts, submitted from a thread with no context, is a trace of its own.
    assertNotExportedMissing("INSERT thread_probe");
    List<ReceivedSpan> probes = receiver.spans().stream().filter(s -> "INSERT thread_probe".equals(s.name())).toList();
    assertEquals(probedThreads, probes.size(), "one probe insert per probed thread: " + probeReport);
    List<String> stale = receiver.notAloneInTheirTrace(probes);
    assertTrue(stale.isEmpty(), "a query on a pooled thread, submitted with no span current, has a parent, so an"
        + " earlier task's context was still current there:\n  " + String.join("\n  ", stale));
  }

  @Test
  void everyRequestOfTheTestIsARootSpanSoNoRequestThreadKeptAContext() {
    List<String> wrong = new ArrayList<>();
    for (Call call : CALLS) {
      for (ReceivedSpan server : servers(call.path())) {
        if (!server.isRoot()) {
          wrong.add(server.toString());
        }
      }
    }
    assertTrue(wrong.isEmpty(), "the test sent no traceparent, so a parent means a context left current on a"
        + " Tomcat thread:\n  " + String.join("\n  ", wrong));
  }

  // --- Listeners that throw --------------------------------------------------------------------------

  @Test
  void aKafkaListenerThatThrowsMarksItsProcessSpan() {
    ReceivedSpan server = singleServer("/orders/21/rejection");
    ReceivedSpan send = single(receiver.trace(server.traceId()), "PRODUCER 'send " + ordersTopic + "' in the request's trace",
        s -> "PRODUCER".equals(s.kind()) && ("send " + ordersTopic).equals(s.name()));
    Long offset = send.longAttr("messaging.kafka.offset");
    assertNotNull(offset, send.toString());
    assertNotExportedMissing("process " + ordersTopic);
    List<ReceivedSpan> processes = receiver.spans().stream()
        .filter(s -> "CONSUMER".equals(s.kind()) && ("process " + ordersTopic).equals(s.name())
            && offset.equals(s.longAttr("messaging.kafka.offset")))
        .toList();
    assertEquals(1, processes.size(), "one process span for the rejected record (the app does not retry it): "
        + ReceivedSpan.describe(processes));
    ReceivedSpan process = processes.get(0);
    assertEquals(send.spanId(), process.parentSpanId(), "process is the send's child: " + process);
    assertListenerFailure(process, "org.springframework.kafka.listener.ListenerExecutionFailedException");
  }

  @Test
  void aRabbitListenerThatThrowsMarksItsProcessSpan() {
    ReceivedSpan server = singleServer("/orders/21/rejection");
    ReceivedSpan publish = single(receiver.trace(server.traceId()), "PRODUCER 'publish amq.default' in the request's trace",
        s -> "PRODUCER".equals(s.kind()) && "rabbitmq".equals(s.attr("messaging.system")));
    assertNotExportedMissing("process " + auditQueue);
    List<ReceivedSpan> processes = receiver.spans().stream()
        .filter(s -> "CONSUMER".equals(s.kind()) && ("process " + auditQueue).equals(s.name())
            && "rejection-21".equals(s.attr("messaging.message.id")))
        .toList();
    assertEquals(1, processes.size(), "one process span for the rejected message (not requeued): " + ReceivedSpan.describe(processes));
    ReceivedSpan process = processes.get(0);
    assertEquals(publish.spanId(), process.parentSpanId(), "process is the publish's child: " + process);
    assertListenerFailure(process, "org.springframework.amqp.rabbit.support.ListenerExecutionFailedException");
  }

  // --- Metrics and log ----------------------------------------------------------------------------

  @Test
  void theDurationMetricIsLabelledWithTheTemplatesNeverARawPath() {
    MetricsScrape scrape = MetricsScrape.scrape(app.endpointUrl("/metrics"));
    String family = "http_server_request_duration_seconds_count";
    Set<String> routes = scrape.labelValues(family, "http_route");
    List<String> missing = new ArrayList<>();
    List<Call> routed = new ArrayList<>(CALLS.stream().filter(c -> c.route() != null).toList());
    routed.add(new Call("GET", CHAIN_CALLEE_PATH, 200, "/inventory/{product}"));
    for (Call call : routed) {
      if (scrape.sum(family, "http_route", call.route(), "http_request_method", call.method(),
          "http_response_status_code", Integer.toString(call.status())) < 1) {
        missing.add(call.method() + " " + call.route() + " " + call.status());
      }
    }
    if (Stream.of("/orders/{orderId}/label", "/error").noneMatch(route -> scrape.sum(family, "http_route", route,
        "http_response_status_code", "500") >= 1)) {
      missing.add("GET /orders/{orderId}/label (or /error) 500");
    }
    if (UNMATCHED_ROUTES.stream().noneMatch(route -> scrape.sum(family, "http_route", route,
        "http_response_status_code", "404") >= 1)) {
      missing.add("GET " + UNMATCHED_ROUTES + " 404");
    }
    assertTrue(missing.isEmpty(), "no " + family + " sample for:\n  " + String.join("\n  ", missing)
        + "\nhttp_route values: " + routes);

    List<String> raw = List.of("424242", "/no/such", "stationery", "/book", "/pen", "/orders/7", "/orders/21", "/11", "/12", "/13");
    Set<String> leaks = scrape.samples().stream()
        .flatMap(sample -> sample.labels().values().stream())
        .filter(value -> raw.stream().anyMatch(value::contains))
        .collect(Collectors.toCollection(TreeSet::new));
    assertTrue(leaks.isEmpty(), "label values with a raw path in them: " + leaks);
  }

  @Test
  void theAgentLogsNoWarningNoErrorAndNoMissingClass() {
    app.assertAgentQuiet();
  }

  // ---------------------------------------------------------------------------------------------

  /** The app's answer; a request that fails outright is an answer with status -1, for the tests to report. */
  private Http.Response send(Call call) {
    try {
      return "GET".equals(call.method()) ? Http.get(url(call.path())) : Http.post(url(call.path()), "");
    } catch (RuntimeException e) {
      return new Http.Response(-1, String.valueOf(e), HttpHeaders.of(Map.of(), (name, value) -> true));
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /**
   * Waits until the export holds a SERVER span for every request, the probe's inserts and both
   * listeners' process spans, then a moment for stragglers. What never came is noted, not failed
   * here, so each test reports only what it is about.
   */
  private void awaitExport() {
    Map<String, Predicate<List<ReceivedSpan>>> awaited = new LinkedHashMap<>();
    for (Call call : CALLS) {
      awaited.put("SERVER " + call.key(), spans -> spans.stream().anyMatch(server(call.path())));
    }
    awaited.put("INSERT thread_probe", spans -> spans.stream().filter(s -> "INSERT thread_probe".equals(s.name())).count()
        >= probedThreads);
    awaited.put("process " + ordersTopic, spans -> spans.stream().anyMatch(s -> "CONSUMER".equals(s.kind())
        && ("process " + ordersTopic).equals(s.name())));
    awaited.put("process " + auditQueue, spans -> spans.stream().anyMatch(s -> "CONSUMER".equals(s.kind())
        && ("process " + auditQueue).equals(s.name())));
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      List<ReceivedSpan> spans = receiver.spans();
      if (awaited.values().stream().allMatch(condition -> condition.test(spans))) {
        break;
      }
      sleep(100);
    }
    sleep(1000);
    List<ReceivedSpan> spans = receiver.spans();
    awaited.forEach((what, condition) -> {
      if (!condition.test(spans)) {
        notExported.add(what);
      }
    });
  }

  private void assertNotExportedMissing(String what) {
    assertFalse(notExported.contains(what), what + " never reached the receiver within " + PATIENCE
        + "; all spans, by trace:\n" + describeByTrace(receiver.spans()) + "\nApp log: " + app.logFile());
  }

  private static Predicate<ReceivedSpan> server(String path) {
    return s -> "SERVER".equals(s.kind()) && path.equals(s.attr("url.path"));
  }

  private List<ReceivedSpan> servers(String path) {
    return receiver.spans().stream().filter(server(path)).toList();
  }

  private ReceivedSpan singleServer(String path) {
    List<ReceivedSpan> servers = servers(path);
    assertEquals(1, servers.size(), "one SERVER span for " + path + ":\n" + ReceivedSpan.describe(servers)
        + "\nAll spans, by trace:\n" + describeByTrace(receiver.spans()));
    return servers.get(0);
  }

  /** The JDBC spans whose query names {@code alias} (e.g. {@code AS async_orders}), wherever they are. */
  private List<ReceivedSpan> queries(String alias) {
    Pattern named = Pattern.compile("\\bAS " + Pattern.quote(alias) + "\\b", Pattern.CASE_INSENSITIVE);
    return receiver.spans().stream()
        .filter(s -> "CLIENT".equals(s.kind()) && s.attr("db.query.text") != null
            && named.matcher(s.attr("db.query.text")).find())
        .toList();
  }

  /**
   * The request's SERVER span; each alias's queries (as many as given) under it, and its trace
   * holding nothing else.
   */
  private ReceivedSpan assertWorkUnderRequest(String path, Map<String, Integer> queriesByAlias) {
    Work work = assertQueriesUnderRequest(path, queriesByAlias);
    assertTraceHolds(work.server(), work.spans());
    return work.server();
  }

  /** A request's SERVER span and the spans of the work it handed to other threads. */
  private record Work(ReceivedSpan server, List<ReceivedSpan> spans) {}

  /** The request's SERVER span and each alias's queries (as many as given) under it. */
  private Work assertQueriesUnderRequest(String path, Map<String, Integer> queriesByAlias) {
    ReceivedSpan server = singleServer(path);
    List<ReceivedSpan> work = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, Integer> expected : new TreeMap<>(queriesByAlias).entrySet()) {
      List<ReceivedSpan> found = queries(expected.getKey());
      if (found.size() != expected.getValue()) {
        wrong.add(found.size() + " queries AS " + expected.getKey() + ", " + expected.getValue() + " expected: "
            + ReceivedSpan.describe(found));
      }
      for (ReceivedSpan query : found) {
        String problem = notUnder(server, query);
        if (problem != null) {
          wrong.add("query AS " + expected.getKey() + " " + problem);
        }
      }
      work.addAll(found);
    }
    assertTrue(wrong.isEmpty(), "the work of " + server.name() + " (" + path + ", trace " + server.traceId()
        + ", span " + server.spanId() + ") is not all in its trace:\n  " + String.join("\n  ", wrong)
        + "\nIts trace:\n" + ReceivedSpan.describe(receiver.trace(server.traceId())));
    return new Work(server, work);
  }

  /** The request's trace is its SERVER span and {@code work}, nothing else (INTERNAL spans aside). */
  private void assertTraceHolds(ReceivedSpan server, List<ReceivedSpan> work) {
    List<ReceivedSpan> trace = receiver.trace(server.traceId());
    List<ReceivedSpan> extra = trace.stream()
        .filter(s -> !s.equals(server) && !work.contains(s) && !"INTERNAL".equals(s.kind()))
        .toList();
    assertTrue(extra.isEmpty(), "spans the request " + server.name() + " should not have made:\n" + ReceivedSpan.describe(extra));
  }

  private void assertUnder(ReceivedSpan server, ReceivedSpan span, String what) {
    String problem = notUnder(server, span);
    assertNull(problem, what + " " + problem + "\nThe request's trace:\n" + ReceivedSpan.describe(receiver.trace(server.traceId())));
  }

  /** Null when {@code span} is in the server span's trace with a parent chain up to it; else why not. */
  private String notUnder(ReceivedSpan server, ReceivedSpan span) {
    if (!span.traceId().equals(server.traceId())) {
      return "is in another trace, " + span.traceId() + (span.isRoot() ? ", as a root span" : ", under span "
          + span.parentSpanId()) + ": " + span;
    }
    Map<String, ReceivedSpan> byId = new HashMap<>();
    receiver.trace(server.traceId()).forEach(s -> byId.put(s.spanId(), s));
    ReceivedSpan at = span;
    for (int hops = 0; hops < 20 && !at.isRoot(); hops++) {
      if (at.parentSpanId().equals(server.spanId())) {
        return null;
      }
      at = byId.get(at.parentSpanId());
      if (at == null) {
        return "has a parent chain that leaves the exported spans: " + span;
      }
    }
    return "is in the trace but not under the SERVER span: " + span;
  }

  /** The work the request handed to another thread ended before the request's SERVER span. */
  private void assertEndsAfterItsWork(ReceivedSpan server, String alias) {
    for (ReceivedSpan query : queries(alias)) {
      assertTrue(query.endNanos() <= server.endNanos(), "the SERVER span ends once the async request completes,"
          + " after its work:\n  " + server + "\n  " + query);
    }
  }

  private static void assertErrorAndExceptionEvent(ReceivedSpan server, String exceptionClass, String message) {
    String errorType = server.attr("error.type");
    assertTrue(errorType != null && Set.of("500", exceptionClass).contains(errorType),
        "error.type is \"500\" or " + exceptionClass + ", not " + errorType + ": " + server + "\nevents: "
            + server.events());
    assertEquals("ERROR", server.statusCode(), server.toString());
    List<ReceivedEvent> exceptions = server.events().stream().filter(e -> "exception".equals(e.name())).toList();
    assertTrue(exceptions.stream().anyMatch(e -> exceptionClass.equals(e.attr("exception.type"))),
        "an exception event of type " + exceptionClass + "; events: " + server.events());
    ReceivedEvent exception = exceptions.stream().filter(e -> exceptionClass.equals(e.attr("exception.type")))
        .findFirst().orElseThrow();
    assertEquals(message, exception.attr("exception.message"));
    assertTrue(String.valueOf(exception.attr("exception.stacktrace")).contains("OrderDocumentsController"),
        "the stack trace shows the controller: " + exception.attr("exception.stacktrace"));
  }

  /** error.type is the listener's exception or the container's wrapper of it; the status is ERROR. */
  private static void assertListenerFailure(ReceivedSpan process, String wrapper) {
    Set<String> accepted = Set.of(PACKAGE + "OrderRejectedException", wrapper);
    assertTrue(process.attr("error.type") != null && accepted.contains(process.attr("error.type")),
        "error.type is one of " + accepted + ", not " + process.attr("error.type") + ": " + process);
    assertEquals("ERROR", process.statusCode(), process.toString());
  }

  private static ReceivedSpan single(List<ReceivedSpan> spans, String what, Predicate<ReceivedSpan> condition) {
    List<ReceivedSpan> matches = spans.stream().filter(condition).toList();
    if (matches.size() != 1) {
      fail("exactly one " + what + ", found " + matches.size() + ":\n" + ReceivedSpan.describe(spans));
    }
    return matches.get(0);
  }

  private static String describeByTrace(List<ReceivedSpan> spans) {
    if (spans.isEmpty()) {
      return "  (none)";
    }
    return spans.stream()
        .collect(Collectors.groupingBy(ReceivedSpan::traceId, LinkedHashMap::new, Collectors.toList()))
        .entrySet().stream()
        .map(e -> "  " + e.getKey() + ": " + e.getValue().stream()
            .map(s -> s.kind() + " '" + s.name() + "'" + (s.isRoot() ? " (root)" : ""))
            .collect(Collectors.joining(", ")))
        .collect(Collectors.joining("\n"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return value == null ? List.of() : (List<Object>) value;
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
