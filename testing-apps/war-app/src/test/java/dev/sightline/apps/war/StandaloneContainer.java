package dev.sightline.apps.war;

import dev.sightline.testing.Http;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A standalone servlet container distribution (unpacked by Maven into {@code target/containers})
 * run as its users run it, in a child process with its own base directory under
 * {@code target/containers-run}, a free HTTP port on 127.0.0.1, and optionally the agent.
 * Console output (stdout and stderr, the agent's lines included) goes straight to
 * {@code console.log} in the base directory (a file, not a pipe: what the container prints while
 * it shuts down is kept too), which {@link #log()} reads. The process and its children are
 * stopped by {@link #close()}, and killed by a JVM shutdown hook if a test run is aborted.
 */
abstract class StandaloneContainer implements AutoCloseable {

  static final String AGENT_JAR_PROPERTY = "sightline.agent.jar";
  static final Duration STARTUP = Duration.ofSeconds(120);

  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
  private static final int LOG_TAIL_LINES = 80;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Process process : RUNNING) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }, "standalone-container-reaper"));
  }

  final String name;
  final Path home;
  final Path base;
  final int httpPort = TestApp.freePort();
  final int endpointPort = TestApp.freePort();
  private final Map<String, String> sysprops = new LinkedHashMap<>();
  private boolean agent = true;
  private Path logFile;
  private Process process;

  StandaloneContainer(String name, Path home) {
    if (!Files.isDirectory(home)) {
      throw new IllegalStateException("No container distribution at " + home
          + "; run the tests through Maven (`mvn verify` unpacks it in pre-integration-test)");
    }
    this.name = name;
    this.home = home.toAbsolutePath();
    // One directory per name (each test class uses its own), emptied first: no stale run is mistaken for this one.
    this.base = Path.of("target", "containers-run", name).toAbsolutePath();
    deleteRecursively(base);
    try {
      Files.createDirectories(base);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JVM options the container's JVM gets: the agent (when on) and every system property. */
  List<String> jvmOptions() {
    List<String> options = new ArrayList<>();
    if (agent) {
      options.add("-javaagent:" + agentJar());
    }
    sysprops.forEach((key, value) -> options.add("-D" + key + "=" + value));
    return options;
  }

  StandaloneContainer withoutAgent() {
    agent = false;
    return this;
  }

  boolean hasAgent() {
    return agent;
  }

  StandaloneContainer sysprop(String key, String value) {
    sysprops.put(key, value);
    return this;
  }

  /** The agent's settings; given in both modes, so that with and without the agent differ only by -javaagent. */
  StandaloneContainer agentSettings(OtlpReceiver receiver, String serviceName) {
    sysprop(TestApp.ENDPOINT_HOST_PROPERTY, "127.0.0.1");
    sysprop(TestApp.ENDPOINT_PORT_PROPERTY, Integer.toString(endpointPort));
    sysprop("otel.exporter.otlp.endpoint", receiver.endpoint());
    sysprop("otel.bsp.schedule.delay", "200");
    sysprop("otel.service.name", serviceName);
    return this;
  }

  /** Where the container deploys WAR files from. */
  abstract Path webapps();

  /** Prepares the base directory (before the first start). */
  abstract void prepareBase() throws IOException, InterruptedException;

  /** The command and environment that start the container in the foreground. */
  abstract ProcessBuilder command();

  /** A line the container logs once it has deployed what it found and listens. */
  abstract String startedMarker();

  /** Copies {@code war} into the deployment directory as {@code <context>.war} (atomically: no half-copied file is ever seen). */
  void deploy(Path war, String context) {
    if (!Files.isRegularFile(war)) {
      throw new IllegalStateException("No WAR at " + war + "; run the tests through Maven (`mvn verify` packages it first)");
    }
    try {
      Files.createDirectories(webapps());
      Path partial = base.resolve(context + ".war.partial");
      Files.copy(war, partial, StandardCopyOption.REPLACE_EXISTING);
      Files.move(partial, webapps().resolve(context + ".war"), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot deploy " + war, e);
    }
  }

  void start() {
    try {
      prepareBase();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare " + base, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    logFile = base.resolve("console.log");
    ProcessBuilder builder = command().directory(base.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    try {
      Files.writeString(base.resolve("command.txt"), String.join("\n", builder.command()) + "\n");
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + String.join(" ", builder.command()), e);
    }
    RUNNING.add(process);
    awaitLog(startedMarker(), STARTUP);
  }

  String url(String path) {
    return "http://127.0.0.1:" + httpPort + path;
  }

  String endpointUrl(String path) {
    return "http://127.0.0.1:" + endpointPort + path;
  }

  /** Everything the container printed so far. */
  String log() {
    try {
      return logFile == null || !Files.exists(logFile) ? "" : Files.readString(logFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path logFile() {
    return logFile;
  }

  /** The container's JVM (the launcher may be a shell script that execs it, or a parent of it). */
  long javaPid() {
    if (isJava(process.toHandle())) {
      return process.pid();
    }
    return process.descendants().filter(StandaloneContainer::isJava).findFirst()
        .orElseThrow(() -> new IllegalStateException("No java process under pid " + process.pid()))
        .pid();
  }

  private static boolean isJava(ProcessHandle handle) {
    return handle.info().command().map(command -> command.endsWith("/java")).orElse(false);
  }

  /** Runs {@code jcmd <container pid> args...} and returns its output. */
  String jcmd(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    command.add(Long.toString(javaPid()));
    command.addAll(Arrays.asList(args));
    try {
      Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
        jcmd.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the log contains {@code text}; fails early if the container exits. */
  void awaitLog(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!log().contains(text)) {
      if (!process.isAlive()) {
        if (log().contains(text)) {
          return;
        }
        throw failure(name + " exited with code " + process.exitValue() + " before logging \"" + text + "\"");
      }
      if (System.nanoTime() > deadline) {
        throw failure(name + " did not log \"" + text + "\" within " + timeout);
      }
      sleep(100);
    }
  }

  /** Polls a URL of the container until it answers 200; fails early if the container exits. */
  Http.Response awaitOk(String path, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no attempt";
    while (true) {
      try {
        Http.Response response = Http.get(url(path));
        if (response.status() == 200) {
          return response;
        }
        last = "status " + response.status() + ": " + response.body();
      } catch (RuntimeException e) {
        last = String.valueOf(e);
      }
      if (!process.isAlive()) {
        throw failure(name + " exited with code " + process.exitValue() + " while waiting for " + path);
      }
      if (System.nanoTime() > deadline) {
        throw failure("GET " + url(path) + " did not answer 200 within " + timeout + "; last: " + last);
      }
      sleep(200);
    }
  }

  AssertionError failure(String message) {
    List<String> lines = Arrays.asList(log().split("\n", -1));
    List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
    return new AssertionError(message + "\nLog " + logFile + " (last " + tail.size() + " lines):\n"
        + String.join("\n", tail));
  }

  /** Stops the container as its users would (SIGTERM: a graceful shutdown), killing it after 20 s. */
  @Override
  public void close() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } finally {
      children.forEach(ProcessHandle::destroyForcibly);
      if (!process.isAlive()) {
        RUNNING.remove(process);
      }
    }
  }

  static String agentJar() {
    String jar = System.getProperty(AGENT_JAR_PROPERTY);
    if (jar == null || jar.isBlank() || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("No agent jar at -D" + AGENT_JAR_PROPERTY + "=" + jar
          + "; run the tests through Maven after packaging the agent");
    }
    return Path.of(jar).toAbsolutePath().toString();
  }

  static Path javaHome() {
    return Path.of(System.getProperty("java.home"));
  }

  /** A path given to the tests by the pom (see the failsafe configuration). */
  static Path fromPom(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("System property " + property + " is not set; run the tests through Maven");
    }
    return Path.of(value);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return name + "[http=" + httpPort + ", base=" + base + (agent ? ", agent" : ", no agent") + "]";
  }
}
