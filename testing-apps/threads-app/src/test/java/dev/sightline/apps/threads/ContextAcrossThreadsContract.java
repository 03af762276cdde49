package dev.sightline.apps.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Context across threads on the plain JDK (threads-app): for each way of handing work to another
 * thread, the request is one trace, and the query (and HTTP call) made on the other thread is a
 * direct child of the request's SERVER span (the agent makes no span per task); a rejected or
 * cancelled task leaves nothing; and no pooled thread, the HTTP server's workers included, still
 * has a context current after its tasks ({@link ThreadProbe}: a query submitted from a thread
 * with no span must be a root span).
 *
 * <p>One app start per JDK (subclasses choose it); every request is made once in
 * {@code @BeforeAll}, without {@code traceparent}, so every SERVER span of the test must be a root.
 * The common pool's parallelism is fixed at 2, so {@code supplyAsync} and parallel streams use the
 * common pool on any machine (on two cores it would be 1, and {@code CompletableFuture} would start
 * a thread per task instead).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContextAcrossThreadsContract {

  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final int COMMON_POOL_PARALLELISM = 2;
  /** The pools whose threads the probe can name one by one (fork/join pools: as many as their parallelism). */
  private static final List<String> THREAD_POOLS = List.of("http", "fixed", "scheduled", "bounded");
  private static final List<String> FORK_JOIN_POOLS = List.of("fork-join", "common");

  /**
   * One route: its path, the alias its queries carry and how many there are, the {@code from} of
   * its call to {@code /hello} (null: no call), whether it needs virtual threads.
   */
  record Case(String path, String alias, int queries, String helloFrom, boolean virtual) {
    @Override
    public String toString() {
      return path;
    }
  }

  static final List<Case> CASES = List.of(
      new Case("/fixed-pool", "fixed_pool", 1, "fixed-pool", false),
      new Case("/scheduled", "scheduled_task", 1, "scheduled", false),
      new Case("/invoke-all", "invoke_all", 2, null, false),
      new Case("/invoke-any", "invoke_any", 1, null, false),
      new Case("/fork-join", "fork_join", 4, null, false),
      new Case("/common-pool", "common_pool", 1, null, false),
      new Case("/parallel-stream", "parallel_stream", 8, null, false),
      new Case("/cf-default", "cf_default", 1, "cf-default", false),
      new Case("/cf-executor", "cf_executor", 1, "cf-executor", false),
      new Case("/thread-subclass", "thread_subclass", 1, "thread-subclass", false),
      new Case("/thread-runnable", "thread_runnable", 1, "thread-runnable", false),
      new Case("/virtual-executor", "virtual_executor", 1, "virtual-executor", true),
      new Case("/virtual-thread", "virtual_thread", 1, "virtual-thread", true));

  private OtlpReceiver receiver;
  private TestApp app;
  private int port;
  private final Map<String, Http.Response> answers = new LinkedHashMap<>();
  private Http.Response probeAnswer;
  private Map<String, Object> probeReport = Map.of();
  private int probedThreads;

  /** The JDK to run the app on. */
  abstract Path javaHome();

  /** Whether that JDK has virtual threads (the virtual-thread cases are skipped otherwise). */
  abstract boolean virtualThreads();

  @BeforeAll
  void startTheAppAndMakeEveryRequestOnce() {
    receiver = OtlpReceiver.start();
    app = TestApp.builder(ThreadsApp.class.getName())
        .javaHome(javaHome())
        .name(getClass().getSimpleName())
        .serviceName("threads-app")
        .otlp(receiver)
        .jvmArg("-Djava.util.concurrent.ForkJoinPool.common.parallelism=" + COMMON_POOL_PARALLELISM)
        .args("--port", "0")
        .start();
    port = app.awaitListeningPort("threads-app", STARTUP);

    for (Case c : CASES) {
      answers.put(c.path(), Http.get(url(c.path())));
    }
    answers.put("/bounded", Http.get(url("/bounded")));

    // The probe runs on every pooled thread, the HTTP server's too: started by one request,
    // read by another once it is done.
    Http.post(url("/probe"), "");
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    probeAnswer = Http.get(url("/probe"));
    while (probeAnswer.status() == 202 && System.nanoTime() < deadline) {
      sleep(100);
      probeAnswer = Http.get(url("/probe"));
    }
    if (probeAnswer.status() == 200) {
      probeReport = map(Json.object(probeAnswer.body()).get("pools"));
      probedThreads = probeReport.values().stream().mapToInt(pool -> list(map(pool).get("probed")).size()).sum();
    }

    // Every request's SERVER span and every probe insert, then a moment for stragglers.
    List<String> paths = CASES.stream().filter(c -> virtualThreads() || !c.virtual()).map(Case::path)
        .collect(Collectors.toCollection(ArrayList::new));
    paths.add("/bounded");
    long exported = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < exported && !(paths.stream().allMatch(p -> receiver.spans().stream().anyMatch(server(p)))
        && probes().size() >= probedThreads)) {
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

  static Stream<Case> cases() {
    return CASES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theWorkOnTheOtherThreadIsADirectChildOfTheRequest(Case c) {
    Http.Response answer = answers.get(c.path());
    if (c.virtual() && !virtualThreads()) {
      assertEquals(501, answer.status(), answer.body());
      Assumptions.abort("no virtual threads on this JDK");
    }
    assertEquals(200, answer.status(), c.path() + " answered " + answer.body() + "\nApp log: " + app.logFile());

    ReceivedSpan server = singleServer(c.path());
    assertEquals("GET " + c.path(), server.name());
    assertEquals(c.path(), server.attr("http.route"));
    assertTrue(server.isRoot(), "the test sent no traceparent: " + server);

    List<ReceivedSpan> expected = new ArrayList<>(List.of(server));
    List<ReceivedSpan> queries = queries(c.alias());
    assertEquals(c.queries(), queries.size(), "queries AS " + c.alias() + ":\n" + ReceivedSpan.describe(queries));
    List<String> wrong = new ArrayList<>();
    for (ReceivedSpan query : queries) {
      if (!server.traceId().equals(query.traceId()) || !server.spanId().equals(query.parentSpanId())) {
        wrong.add(where(query));
      }
    }
    assertTrue(wrong.isEmpty(), "the queries AS " + c.alias() + " made on the other thread must be children of "
        + server + ":\n  " + String.join("\n  ", wrong));
    expected.addAll(queries);

    if (c.helloFrom() != null) {
      String callUrl = url("/hello?from=" + c.helloFrom());
      List<ReceivedSpan> calls = receiver.spans().stream()
          .filter(s -> "CLIENT".equals(s.kind()) && callUrl.equals(s.attr("url.full"))).toList();
      assertEquals(1, calls.size(), "one CLIENT span for " + callUrl + ":\n" + ReceivedSpan.describe(calls));
      ReceivedSpan call = calls.get(0);
      assertEquals("dev.sightline.java-http-client", call.scopeName());
      assertTrue(server.traceId().equals(call.traceId()) && server.spanId().equals(call.parentSpanId()),
          "the call made on the other thread must be a child of " + server + ":\n  " + where(call));
      List<ReceivedSpan> callees = receiver.spans().stream()
          .filter(s -> "SERVER".equals(s.kind()) && "/hello".equals(s.attr("url.path"))
              && ("from=" + c.helloFrom()).equals(s.attr("url.query")))
          .toList();
      assertEquals(1, callees.size(), "one SERVER span for the call:\n" + ReceivedSpan.describe(callees));
      assertEquals(call.spanId(), callees.get(0).parentSpanId(), "the callee continues the call: " + callees.get(0));
      expected.add(call);
      expected.add(callees.get(0));
    }
    List<ReceivedSpan> trace = receiver.trace(server.traceId());
    List<ReceivedSpan> extra = trace.stream().filter(s -> !expected.contains(s)).toList();
    assertTrue(extra.isEmpty(), "spans " + c.path() + " should not have made (no span per task):\n" + ReceivedSpan.describe(extra));
  }

  @Test
  void theParallelCasesReallyRanOnSeveralThreads() {
    // Else the fork/join and parallel-stream cases prove nothing about other threads.
    for (String path : List.of("/fork-join", "/parallel-stream")) {
      List<Object> threads = list(Json.object(answers.get(path).body()).get("threads"));
      assertTrue(threads.size() >= 2, path + " ran on " + threads);
    }
  }

  @Test
  void aRejectedTaskLeavesNothingAndTheRequestCarriesOn() {
    Http.Response answer = answers.get("/bounded");
    assertEquals(503, answer.status(), answer.body());
    assertEquals("java.util.concurrent.RejectedExecutionException", Json.object(answer.body()).get("rejected"));
    ReceivedSpan server = singleServer("/bounded");
    assertEquals(503L, server.longAttr("http.response.status_code"));
    assertEquals("503", server.attr("error.type"));
    List<ReceivedSpan> work = new ArrayList<>(queries("bounded_task"));
    assertEquals(2, work.size(), "the two accepted tasks' queries:\n" + ReceivedSpan.describe(work));
    List<ReceivedSpan> after = queries("after_rejection");
    assertEquals(1, after.size(), "the request's own query after the rejection:\n" + ReceivedSpan.describe(after));
    work.addAll(after);
    List<String> wrong = work.stream()
        .filter(s -> !server.traceId().equals(s.traceId()) || !server.spanId().equals(s.parentSpanId()))
        .map(this::where).toList();
    assertTrue(wrong.isEmpty(), "children of " + server + " expected:\n  " + String.join("\n  ", wrong));
    assertEquals(List.of(), queries("rejected_task"), "the rejected task never ran");
    assertEquals(work.size() + 1, receiver.trace(server.traceId()).size(), ReceivedSpan.describe(receiver.trace(server.traceId())));
  }

  @Test
  void aCancelledScheduledTaskNeverRuns() {
    assertEquals(Boolean.TRUE, Json.object(answers.get("/scheduled").body()).get("cancelled"));
    assertEquals(List.of(), queries("cancelled_task"));
  }

  @Test
  void noPooledThreadKeepsAContextAfterItsTasks() {
    assertEquals(200, probeAnswer.status(), "the probe did not finish: " + probeAnswer.body() + "\nApp log: "
        + app.logFile());
    List<String> uncovered = new ArrayList<>();
    for (String pool : THREAD_POOLS) {
      Set<Object> ran = new TreeSet<>(list(map(probeReport.get(pool)).get("ran")));
      Set<Object> probed = new TreeSet<>(list(map(probeReport.get(pool)).get("probed")));
      if (ran.isEmpty() || !probed.containsAll(ran)) {
        uncovered.add(pool + ": tasks ran on " + ran + ", the probe on " + probed);
      }
    }
    for (String pool : FORK_JOIN_POOLS) {
      if (list(map(probeReport.get(pool)).get("probed")).size() != 2) {
        uncovered.add(pool + ": one probe per worker expected: " + probeReport.get(pool));
      }
    }
    assertTrue(uncovered.isEmpty(), "the probe must cover the pools' threads:\n  " + String.join("\n  ", uncovered));

    List<ReceivedSpan> probes = probes();
    assertEquals(probedThreads, probes.size(), "one probe insert per probed thread: " + probeReport);
    List<String> stale = receiver.notAloneInTheirTrace(probes);
    assertTrue(stale.isEmpty(), "a query on a pooled thread, submitted with no span current, has a parent, so an"
        + " earlier task's (or request's) context was still current there:\n  " + String.join("\n  ", stale));
  }

  @Test
  void theAgentLogsNoWarningNoErrorAndNoMissingClass() {
    app.assertAgentQuiet();
  }

  // ---------------------------------------------------------------------------------------------

  private String url(String pathAndQuery) {
    return "http://127.0.0.1:" + port + pathAndQuery;
  }

  private static Predicate<ReceivedSpan> server(String path) {
    return s -> "SERVER".equals(s.kind()) && path.equals(s.attr("url.path"));
  }

  private ReceivedSpan singleServer(String path) {
    List<ReceivedSpan> servers = receiver.spans().stream().filter(server(path)).toList();
    assertEquals(1, servers.size(), "one SERVER span for " + path + ":\n" + ReceivedSpan.describe(servers));
    return servers.get(0);
  }

  private List<ReceivedSpan> probes() {
    return receiver.spans().stream().filter(s -> "INSERT thread_probe".equals(s.name())).toList();
  }

  /** The JDBC spans whose query names {@code alias} ({@code AS fixed_pool}), wherever they are. */
  private List<ReceivedSpan> queries(String alias) {
    Pattern named = Pattern.compile("\\bAS " + Pattern.quote(alias) + "\\b", Pattern.CASE_INSENSITIVE);
    return receiver.spans().stream()
        .filter(s -> "CLIENT".equals(s.kind()) && s.attr("db.query.text") != null
            && named.matcher(s.attr("db.query.text")).find())
        .toList();
  }

  /** Where a span ended up, for failure messages. */
  private String where(ReceivedSpan span) {
    if (span.isRoot()) {
      return "a root span of its own trace " + span.traceId() + ": " + span;
    }
    Set<String> ids = new HashSet<>();
    receiver.trace(span.traceId()).forEach(s -> ids.add(s.spanId()));
    return "under span " + span.parentSpanId() + (ids.contains(span.parentSpanId()) ? "" : " (not exported)")
        + " in trace " + span.traceId() + ": " + span;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
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
