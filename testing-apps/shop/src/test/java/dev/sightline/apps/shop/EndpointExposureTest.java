package dev.sightline.apps.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Services;
import dev.sightline.testing.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Who may read /traces and the viewer, over real sockets from a client that is not on loopback.
 * Each app runs with the agent in a network namespace of this test's own ({@code unshare --net}),
 * which holds loopback and a veth pair with two addresses from the benchmarking range
 * 198.18.0.0/15 (never routed): 198.18.0.1 for the app, 198.18.0.2 for the client. curl runs in
 * the same namespace ({@code nsenter}), from 127.0.0.1 or from 198.18.0.2; no packet leaves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointExposureTest {

  private static final String APP = "198.18.0.1";
  private static final String CLIENT = "198.18.0.2";
  private static final String TOKEN = "exposure-test-token-7c2e91";
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final List<TestApp> apps = new ArrayList<>();
  private TestApp defaults;
  private TestApp withToken;
  private TestApp opened;

  @BeforeAll
  void startApps() throws IOException {
    requireNamespaces();
    Path jdk = namespacedJdk();
    defaults = start(jdk, "exposure-defaults", Map.of("sightline.endpoint.host", "0.0.0.0"));
    withToken = start(jdk, "exposure-token", Map.of("sightline.endpoint.host", APP, "sightline.endpoint.token", TOKEN));
    opened = start(jdk, "exposure-open", Map.of("sightline.endpoint.host", "0.0.0.0", "sightline.endpoint.traces.open", "true"));
    for (TestApp app : apps) {
      app.awaitLog("traced-hello ready", STARTUP);
      app.awaitLog("Sightline ", STARTUP);
    }
  }

  @AfterAll
  void stopApps() {
    apps.forEach(TestApp::close);
  }

  @Test
  void byDefaultAClientOffLoopbackGetsMetricsAndProbesButNotTraces() {
    for (String path : List.of("/metrics", "/health", "/ready", "/live")) {
      assertEquals(200, curl(defaults, CLIENT, "http://" + APP + ":9464" + path).status, path);
    }
    assertTrue(curl(defaults, CLIENT, "http://" + APP + ":9464/metrics").body.contains("http_server_request_duration_seconds"));
    for (String path : List.of("/traces", "/traces?traceId=0", "/", "/viewer.js", "/viewer.css")) {
      Answer refused = curl(defaults, CLIENT, "http://" + APP + ":9464" + path);
      assertEquals(403, refused.status, path + ": " + refused.body);
      assertTrue(refused.body.startsWith("/traces and the trace viewer answer loopback clients only; set sightline.endpoint.token"),
          refused.body);
      assertEquals(1, refused.body.strip().lines().count(), "one line: " + refused.body);
      assertFalse(refused.body.contains("hello"), "nothing of the traces: " + refused.body);
    }
    assertEquals(403, curl(defaults, CLIENT, "http://" + APP + ":9464/traces", "-H", "Authorization: Bearer " + TOKEN).status,
        "a token means nothing when none is set");
  }

  @Test
  void byDefaultALoopbackClientGetsTracesAndThePage() {
    Answer traces = curl(defaults, null, "http://127.0.0.1:9464/traces");
    assertEquals(200, traces.status, traces.body);
    assertTrue(traces.body.contains("\"name\":\"GET /hello\""), traces.body);
    Answer page = curl(defaults, null, "http://localhost:9464/");
    assertEquals(200, page.status);
    assertTrue(page.body.contains("<title>Sightline traces</title>"), page.body);
    // loopback, but a browser that was sent there under another name (DNS rebinding), or a proxy's request
    Answer rebound = curl(defaults, null, "http://127.0.0.1:9464/traces", "-H", "Host: attacker.example:9464");
    assertEquals(403, rebound.status, rebound.body);
    assertTrue(rebound.body.contains("must name a loopback host"), rebound.body);
    assertEquals(403, curl(defaults, null, "http://127.0.0.1:9464/traces", "-H", "X-Forwarded-For: 203.0.113.7").status);
  }

  @Test
  void withATokenAClientOffLoopbackThatSendsItGetsTraces() {
    String traces = "http://" + APP + ":9464/traces";
    Answer none = curl(withToken, CLIENT, traces);
    assertEquals(403, none.status);
    assertTrue(none.body.startsWith("this endpoint needs its token"), none.body);
    Answer wrong = curl(withToken, CLIENT, traces, "-H", "Authorization: Bearer guess");
    assertEquals(403, wrong.status);
    assertEquals("wrong token", wrong.body.strip());
    Answer right = curl(withToken, CLIENT, traces, "-H", "Authorization: Bearer " + TOKEN);
    assertEquals(200, right.status, right.body);
    assertTrue(right.body.contains("\"name\":\"GET /hello\""), right.body);
    Answer page = curl(withToken, CLIENT, "http://" + APP + ":9464/");
    assertEquals(200, page.status, "the page, which holds no data, is where a browser enters the token");
    assertEquals(200, curl(withToken, CLIENT, "http://" + APP + ":9464/health").status);
    // bound to 198.18.0.1 only: nothing listens on loopback
    assertEquals(0, curl(withToken, null, "http://127.0.0.1:9464/health").status);
  }

  @Test
  void openedExplicitlyEveryClientGetsTraces() {
    Answer traces = curl(opened, CLIENT, "http://" + APP + ":9464/traces");
    assertEquals(200, traces.status, traces.body);
    assertTrue(traces.body.contains("\"name\":\"GET /hello\""), traces.body);
  }

  // --- plumbing

  private record Answer(int status, String body) {}

  /** curl inside the app's namespace, from {@code source} (an address to bind) or from loopback. */
  private static Answer curl(TestApp app, String source, String url, String... extra) {
    List<String> command = new ArrayList<>(List.of("nsenter", "--net=/proc/" + app.pid() + "/ns/net",
        "curl", "-sS", "-m", "5", "-o", "-", "-w", "\n%{http_code}"));
    if (source != null) {
      command.addAll(List.of("--interface", source));
    }
    command.addAll(List.of(extra));
    command.add(url);
    try {
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(10, TimeUnit.SECONDS);
      int newline = output.lastIndexOf('\n');
      return new Answer(Integer.parseInt(output.substring(newline + 1).trim()), output.substring(0, Math.max(newline, 0)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private TestApp start(Path jdk, String name, Map<String, String> settings) {
    TestApp.Builder builder = TestApp.builder(TracedHelloApp.class.getName())
        .name(name)
        .javaHome(jdk)
        .classpathEntry(Path.of("target", "test-classes"))
        .serviceName(name)
        .sysprop(TestApp.ENDPOINT_PORT_PROPERTY, "9464")
        .sysprop("otel.traces.exporter", "none");
    settings.forEach(builder::sysprop);
    TestApp app = builder.start();
    apps.add(app);
    return app;
  }

  /**
   * A JAVA_HOME whose {@code bin/java} starts this JDK's java in a new network namespace, set up
   * as the class comment says. {@code unshare} and {@code sh} exec in place, so the app's pid is
   * the java process, and {@code /proc/<pid>/ns/net} is its namespace.
   */
  private static Path namespacedJdk() throws IOException {
    Path home = Path.of("target", "netns-jdk").toAbsolutePath();
    Path java = home.resolve("bin").resolve("java");
    Files.createDirectories(java.getParent());
    String realJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(java, "#!/bin/sh\n"
        + "# Written by EndpointExposureTest: java in a network namespace of its own, with a veth pair.\n"
        + "exec unshare --net -- sh -c '"
        + "ip link set lo up && ip link add sl-app type veth peer name sl-client"
        + " && ip addr add " + APP + "/32 dev sl-app && ip addr add " + CLIENT + "/32 dev sl-client"
        + " && ip link set sl-app up && ip link set sl-client up && exec \"$@\"' sh " + realJava + " \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  private static void requireNamespaces() {
    List<String> command = List.of("unshare", "--net", "--", "sh", "-c",
        "ip link set lo up && ip link add sl-a type veth peer name sl-b && command -v curl >/dev/null && command -v nsenter >/dev/null");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        Services.unavailable("cannot make a network namespace with a veth pair (needs root, util-linux unshare/nsenter,"
            + " iproute2 and curl): " + output.strip());
      }
    } catch (IOException e) {
      Services.unavailable("cannot run unshare: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
