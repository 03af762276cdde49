package dev.sightline.apps.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Trace ids in the application's logs, with no change to it: every line the app writes inside a
 * request, through SLF4J on Logback (behind an AsyncAppender) and through the Log4j 2 API, and from
 * the pool task the request hands work to, carries that request's exported trace id, the server
 * span's id and its flags (sampled; the SDK also sets W3C's random-trace-id bit, so {@code 03}); every line outside a request, the pooled thread's between requests
 * included, carries none; the application's own MDC keys stay. Each variant runs one app start with
 * its libraries and makes {@value #REQUESTS} requests in {@code @BeforeAll}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LogCorrelationContract {

  static final int REQUESTS = 5;
  static final Duration STARTUP = Duration.ofSeconds(60);
  static final Duration PATIENCE = Duration.ofSeconds(30);

  private OtlpReceiver receiver;
  TestApp app;
  private final Map<String, ReceivedSpan> serverSpans = new LinkedHashMap<>();
  private List<LogLine> lines;

  /** The variant's libraries and settings. */
  abstract TestApp.Builder configure(TestApp.Builder builder);

  /** What the app's start-up line must name: the library jars this variant runs on. */
  abstract List<String> expectedJars();

  @BeforeAll
  void startTheAppAndMakeTheRequests() {
    receiver = OtlpReceiver.start();
    app = configure(TestApp.builder(LogsApp.class.getName())
        .name(getClass().getSimpleName())
        .serviceName("logs-app")
        .otlp(receiver)
        .args("--port", "0"))
        .start();
    int port = app.awaitListeningPort("logs-app", STARTUP);
    for (int id = 1; id <= REQUESTS; id++) {
      Http.Response response = Http.get("http://127.0.0.1:" + port + "/work?id=" + id);
      assertEquals(200, response.status(), response.body());
    }
    for (int id = 1; id <= REQUESTS; id++) {
      String query = "id=" + id;
      serverSpans.put(Integer.toString(id), receiver.awaitSpan(
          span -> span.kind().equals("SERVER") && query.equals(span.attr("url.query")), PATIENCE));
    }
    // The ticker keeps logging: wait until the pooled thread has logged again after the last request.
    lines = LogsAppRun.awaitLines(app, PATIENCE, all -> afterLastRequest(all, "logs-pool").size() >= 4);
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
  void theAppRunsOnTheLibrariesOfThisVariant() {
    String libraries = app.log().lines().filter(line -> line.startsWith("logs-app libraries: ")).findFirst()
        .orElseThrow(() -> new AssertionError("no libraries line in " + app.logFile()));
    for (String jar : expectedJars()) {
      assertTrue(libraries.contains("/" + jar), jar + " not in: " + libraries);
    }
  }

  @Test
  void everyLineInsideARequestCarriesItsTraceIdSpanIdAndFlags() {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, ReceivedSpan> request : serverSpans.entrySet()) {
      ReceivedSpan server = request.getValue();
      for (String library : List.of("logback", "log4j")) {
        for (String message : List.of("request id=" + request.getKey(), "pool id=" + request.getKey())) {
          List<LogLine> written = lines.stream()
              .filter(line -> line.library().equals(library) && line.message().equals(message)).toList();
          if (written.size() != 1) {
            wrong.add(library + " '" + message + "' written " + written.size() + " times");
            continue;
          }
          LogLine line = written.get(0);
          if (!line.traceId().equals(server.traceId()) || !line.spanId().equals(server.spanId())
              || !LogLine.sampled(line.traceFlags())) {
            wrong.add(line + " in the request whose server span is " + server.traceId() + "/" + server.spanId());
          }
          if (message.startsWith("request") && !line.user().equals("ada")) {
            wrong.add(line + ": the application's own MDC key is missing");
          }
        }
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong) + "\nin " + app.logFile());
  }

  @Test
  void noLineOutsideARequestCarriesAnId() {
    List<LogLine> outside = lines.stream()
        .filter(line -> line.message().equals("started") || line.message().startsWith("tick ")
            || line.message().startsWith("pool-tick "))
        .toList();
    assertTrue(outside.stream().anyMatch(line -> line.thread().equals("logs-pool")), "the pool logged outside requests");
    List<LogLine> withIds = outside.stream().filter(line -> !line.hasNoIds()).toList();
    assertTrue(withIds.isEmpty(), "lines outside any request with ids:\n"
        + withIds.stream().map(LogLine::toString).collect(Collectors.joining("\n")));
    List<LogLine> pooledAfter = afterLastRequest(lines, "logs-pool");
    assertTrue(pooledAfter.size() >= 4 && pooledAfter.stream().allMatch(LogLine::hasNoIds),
        "the pooled thread kept no ids after its last request's task: " + pooledAfter);
  }

  @Test
  void theAgentLogsNoWarningNoErrorAndNoMissingClass() {
    app.assertAgentQuiet();
  }

  /** The lines {@code thread} wrote after the last request's pool line, in the order written. */
  private static List<LogLine> afterLastRequest(List<LogLine> all, String thread) {
    String last = "pool id=" + REQUESTS;
    int at = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).message().equals(last)) {
        at = i;
      }
    }
    return at < 0 ? List.of() : all.subList(at + 1, all.size()).stream()
        .filter(line -> line.thread().equals(thread)).toList();
  }
}
