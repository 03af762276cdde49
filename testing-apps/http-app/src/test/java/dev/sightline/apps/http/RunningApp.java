package dev.sightline.apps.http;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An http-app child JVM that has printed its listening line, with the port it bound. The app
 * binds port 0 unless told otherwise, so there is no race for a "free" port.
 */
final class RunningApp implements AutoCloseable {

  static final Duration STARTUP = Duration.ofSeconds(60);
  static final Duration PATIENCE = Duration.ofSeconds(30);

  // HTTP/1.1 like the harness's client: the JDK server speaks nothing else.
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  final TestApp process;
  final int port;

  private RunningApp(TestApp process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The app with the agent, named for its log file, binding an ephemeral port. */
  static TestApp.Builder app(String name) {
    return TestApp.builder(HttpApp.class.getName()).name(name).args("--port", "0");
  }

  /** Same, exporting to {@code receiver} under {@code service}. */
  static TestApp.Builder app(String name, OtlpReceiver receiver) {
    return app(name).otlp(receiver).serviceName(name);
  }

  static RunningApp start(TestApp.Builder builder) {
    return startAll(builder).get(0);
  }

  /** Launches every JVM first, then waits for each: start-up overlaps on the two cores. */
  static List<RunningApp> startAll(TestApp.Builder... builders) {
    List<TestApp> launched = new ArrayList<>();
    List<RunningApp> running = new ArrayList<>();
    try {
      for (TestApp.Builder builder : builders) {
        launched.add(builder.start());
      }
      for (TestApp app : launched) {
        running.add(new RunningApp(app, awaitPort(app)));
      }
      return running;
    } catch (RuntimeException | Error e) {
      launched.forEach(TestApp::stop);
      throw e;
    }
  }

  private static int awaitPort(TestApp app) {
    return app.awaitListeningPort("http-app", STARTUP);
  }

  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + port + pathAndQuery;
  }

  /**
   * GETs a path on the app. Patient (a cold JVM on a loaded two-core machine can take seconds for
   * its first /chain), and on a timeout the failure carries the app's thread dump.
   */
  Http.Response get(String pathAndQuery, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(pathAndQuery))).timeout(PATIENCE).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Http.Response(response.statusCode(), response.body(), response.headers());
    } catch (HttpTimeoutException e) {
      throw new AssertionError("GET " + pathAndQuery + " on " + this + " timed out after " + PATIENCE
          + "; its threads:\n" + threadDump(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + pathAndQuery + " on " + this + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** jstack output for the app, for diagnosing a hang. */
  String threadDump() {
    try {
      Process jstack = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "jstack").toString(), String.valueOf(process.pid()))
          .redirectErrorStream(true).start();
      String dump = new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jstack.waitFor(30, TimeUnit.SECONDS);
      return dump;
    } catch (IOException e) {
      return "(jstack failed: " + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  /** GETs the path and fails unless the app answers {@code status}. */
  Http.Response expect(int status, String pathAndQuery, String... headers) {
    Http.Response response = get(pathAndQuery, headers);
    if (response.status() != status) {
      throw new AssertionError("GET " + pathAndQuery + " answered " + response.status()
          + " instead of " + status + ": " + response.body() + "\nLog: " + process.logFile());
    }
    return response;
  }

  Http.Response endpoint(String path) {
    return Http.get(process.endpointUrl(path));
  }

  Map<String, Object> health() {
    Http.Response response = endpoint("/health");
    if (response.status() != 200) {
      throw new AssertionError("/health answered " + response.status() + ": " + response.body());
    }
    return Json.object(response.body());
  }

  MetricsScrape metrics() {
    return MetricsScrape.scrape(process.endpointUrl("/metrics"));
  }

  String log() {
    return process.log();
  }

  /** The agent's log lines at one level, e.g. {@code "WARN"}. */
  List<String> agentLines(String level) {
    String prefix = "[sightline] " + level + " ";
    return Arrays.stream(log().split("\\R")).filter(line -> line.startsWith(prefix)).toList();
  }

  @Override
  public void close() {
    process.stop();
  }

  @Override
  public String toString() {
    return "http-app:" + port + " " + process;
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  /** Polls until {@code check} stops failing, then returns; rethrows its last failure at the end. */
  static void eventually(Duration timeout, Runnable check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (AssertionError | RuntimeException e) {
        if (System.nanoTime() - deadline >= 0) {
          throw e;
        }
      }
      sleep(Duration.ofMillis(100));
    }
  }
}
