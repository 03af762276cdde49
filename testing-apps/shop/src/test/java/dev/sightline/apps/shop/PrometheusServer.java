package dev.sightline.apps.shop;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import dev.sightline.testing.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server for one test: its configuration, rule file and storage in a folder of
 * its own, listening on a free loopback port, scraping one target every second and evaluating
 * the rules every second. Queried through its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

  private final Process process;
  private final String base;
  private final Path dir;
  private final Path log;

  private PrometheusServer(Process process, int port, Path dir) {
    this.process = process;
    this.base = "http://127.0.0.1:" + port;
    this.dir = dir;
    this.log = dir.resolve("prometheus.log");
  }

  /**
   * Starts Prometheus in a new folder under {@code parent} (removed again by {@link #close()}), with
   * {@code rules} as its rule file, scraping {@code target} as job {@code job}.
   */
  static PrometheusServer start(Path parent, String rules, String job, String target) {
    Path binary = PrometheusTools.binary("prometheus");
    int port = TestApp.freePort();
    try {
      Path dir = Files.createTempDirectory(Files.createDirectories(parent.toAbsolutePath()), "prometheus-");
      Files.writeString(dir.resolve("alerts.yml"), rules);
      Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
          "global:",
          "  scrape_interval: 1s",
          "  scrape_timeout: 1s",
          "  evaluation_interval: 1s",
          "rule_files:",
          "  - alerts.yml",
          "scrape_configs:",
          "  - job_name: " + job,
          "    static_configs:",
          "      - targets: ['" + target + "']",
          ""));
      Process process = new ProcessBuilder(
              binary.toString(),
              "--config.file=" + dir.resolve("prometheus.yml"),
              "--storage.tsdb.path=" + dir.resolve("data"),
              "--web.listen-address=127.0.0.1:" + port,
              // Exemplars are kept only with this feature on (Prometheus 2.x).
              "--enable-feature=exemplar-storage",
              "--log.level=warn")
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("prometheus.log").toFile())
          .start();
      // A test that dies half-way must not leave a server behind.
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "prometheus-reaper"));
      PrometheusServer server = new PrometheusServer(process, port, dir);
      server.awaitReady(Duration.ofSeconds(30));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        if (Http.get(base + "/-/ready").status() == 200) {
          return;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      RunningShop.sleep(100);
    }
    throw new AssertionError("prometheus not ready within " + timeout + ":\n" + log());
  }

  /** The result of an instant query: one map per series ({@code metric}, {@code value}). */
  List<Map<String, Object>> query(String expr) {
    return list(data("/api/v1/query?query=" + encode(expr)).get("result"));
  }

  /** Every rule of every group, with its {@code health} and {@code lastError}. */
  List<Map<String, Object>> rules() {
    return list(list(data("/api/v1/rules").get("groups")).stream()
        .flatMap(group -> list(group.get("rules")).stream())
        .toList());
  }

  /** The pending and firing alerts, each with its {@code labels} and {@code state}. */
  List<Map<String, Object>> alerts() {
    return list(data("/api/v1/alerts").get("alerts"));
  }

  /** The exemplars of the series {@code selector} selects between the two Unix times. */
  List<Map<String, Object>> exemplars(String selector, long startSeconds, long endSeconds) {
    Http.Response response = Http.get(base + "/api/v1/query_exemplars?query=" + encode(selector)
        + "&start=" + startSeconds + "&end=" + endSeconds);
    Map<String, Object> body = Json.object(response.body());
    if (response.status() != 200 || !"success".equals(body.get("status"))) {
      throw new AssertionError("exemplar query " + selector + " answered " + response.status() + ": " + response.body());
    }
    return list(body.get("data"));
  }

  String log() {
    try {
      return Files.isRegularFile(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private Map<String, Object> data(String pathAndQuery) {
    Http.Response response = Http.get(base + pathAndQuery);
    Map<String, Object> body = Json.object(response.body());
    if (response.status() != 200 || !"success".equals(body.get("status"))) {
      throw new AssertionError("GET " + pathAndQuery + " answered " + response.status() + ": " + response.body());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) body.get("data");
    return data;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object value) {
    return value == null ? List.of() : (List<Map<String, Object>>) value;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    Directories.deleteQuietly(dir);
  }
}
