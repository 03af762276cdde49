package dev.sightline.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A testing app running in a child JVM, normally with {@code -javaagent:<sightline agent jar>}.
 *
 * <p>Started with {@link #builder(String)}, the class path is the calling module's
 * {@code target/classes} plus the entries listed in {@code target/runtime.classpath}; surefire runs
 * tests from the module directory, so these relative paths point at the app under test. Started
 * with {@link #jar(Path)}, the app is an executable jar launched with {@code java -jar} (a Spring
 * Boot fat jar, say), which brings its own class path. Output (stdout and stderr merged) goes to
 * {@code target/app-logs/<name>-<n>.log} and is kept in memory for {@link #log()}.
 */
public final class TestApp implements AutoCloseable {

  public static final String AGENT_JAR_PROPERTY = "sightline.agent.jar";
  public static final String ENDPOINT_PORT_PROPERTY = "sightline.endpoint.port";
  public static final String ENDPOINT_HOST_PROPERTY = "sightline.endpoint.host";

  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
  private static final AtomicInteger LAUNCHES = new AtomicInteger();
  private static final int LOG_TAIL_LINES = 60;

  static {
    // A failed or aborted test must not leave JVMs (and their ports) behind.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Process process : RUNNING) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }, "test-app-reaper"));
  }

  private final Process process;
  private final List<String> command;
  private final Map<String, String> sysprops;
  private final Path logFile;
  private final StringBuffer log = new StringBuffer();
  private final Thread logPump;

  private TestApp(Process process, List<String> command, Map<String, String> sysprops,
      Path logFile) {
    this.process = process;
    this.command = List.copyOf(command);
    this.sysprops = Map.copyOf(sysprops);
    this.logFile = logFile;
    this.logPump = new Thread(this::pumpLog, "test-app-log-" + process.pid());
    this.logPump.setDaemon(true);
    this.logPump.start();
  }

  /** An app started as {@code java ... -cp target/classes:<runtime class path> mainClass args}. */
  public static Builder builder(String mainClass) {
    if (mainClass == null || mainClass.isBlank()) {
      throw new IllegalArgumentException("mainClass is empty");
    }
    return new Builder(mainClass, null);
  }

  /**
   * An app started as {@code java [jvm args] -javaagent:<agent> -D... -jar <jar> args}: an
   * executable jar (its manifest names the main class and its class path), such as a Spring Boot
   * fat jar. A relative path is resolved against the working directory (the module's, under
   * surefire and failsafe).
   */
  public static Builder jar(Path jar) {
    if (jar == null) {
      throw new IllegalArgumentException("jar is null");
    }
    return new Builder(null, jar.toAbsolutePath());
  }

  /** The first JDK under /usr/lib/jvm whose directory name starts with "temurin-25", or null. */
  public static Path temurin25() {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return null;
    }
    try (Stream<Path> dirs = Files.list(jvms)) {
      return dirs.filter(Files::isDirectory)
          .filter(dir -> dir.getFileName().toString().startsWith("temurin-25"))
          .sorted()
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + jvms, e);
    }
  }

  /** A port that was free a moment ago on 127.0.0.1. */
  public static int freePort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = probePort();
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("every free port the system offered was already handed out by this JVM");
  }

  /**
   * Ports {@link #freePort} gave out. The system may offer a port again as soon as its probe
   * closes, before the app it was meant for binds it: an app's port and its agent endpoint's port,
   * asked for one after the other, once came out the same, and the app could not start.
   */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private static int probePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port", e);
    }
  }

  /** Everything the app printed so far (stdout and stderr merged). */
  public String log() {
    return log.toString();
  }

  public Path logFile() {
    return logFile;
  }

  public List<String> command() {
    return command;
  }

  public long pid() {
    return process.pid();
  }

  /** Waits until the log contains {@code substring}; fails early if the app exits. */
  public void awaitLog(String substring, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!log().contains(substring)) {
      if (!process.isAlive()) {
        drainLog();
        if (log().contains(substring)) {
          return;
        }
        throw failure("App exited with code " + process.exitValue()
            + " before printing \"" + substring + "\"");
      }
      if (System.nanoTime() - deadline >= 0) {
        throw failure("App did not print \"" + substring + "\" within " + timeout);
      }
      OtlpReceiver.sleep(Duration.ofMillis(25));
    }
  }

  /** The port of the agent's embedded HTTP endpoint, as passed to the app. */
  /**
   * Waits for the line {@code "<appName> listening on port N"} that the testing apps print once they
   * serve, and returns N.
   */
  public int awaitListeningPort(String appName, Duration timeout) {
    String listening = appName + " listening on port ";
    awaitLog(listening, timeout);
    // The number counts only once something follows it: the log may have been read mid-number.
    Pattern complete = Pattern.compile(Pattern.quote(listening) + "(\\d+)\\D");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      Matcher port = complete.matcher(log());
      if (port.find()) {
        return Integer.parseInt(port.group(1));
      }
      if (System.nanoTime() - deadline >= 0) {
        throw failure("no complete port after \"" + listening + "\"");
      }
      OtlpReceiver.sleep(Duration.ofMillis(20));
    }
  }

  public int endpointPort() {
    String port = sysprops.get(ENDPOINT_PORT_PROPERTY);
    try {
      return Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "-D" + ENDPOINT_PORT_PROPERTY + " is not a port number: " + port, e);
    }
  }

  /** A URL on the agent's embedded endpoint, e.g. {@code endpointUrl("/metrics")}. */
  public String endpointUrl(String path) {
    String host = sysprops.getOrDefault(ENDPOINT_HOST_PROPERTY, "127.0.0.1");
    return "http://" + host + ":" + endpointPort() + (path.startsWith("/") ? "" : "/") + path;
  }

  /** Polls the URL until it answers 200; fails early if the app exits. */
  public void awaitHttpOk(String url, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastOutcome = "no attempt";
    while (true) {
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      if (left.isNegative() || left.isZero()) {
        throw failure("GET " + url + " did not answer 200 within " + timeout
            + "; last outcome: " + lastOutcome);
      }
      try {
        Duration attemptTimeout = left.compareTo(Duration.ofSeconds(2)) < 0
            ? left : Duration.ofSeconds(2);
        Http.Response response = Http.send("GET", url, null, attemptTimeout);
        if (response.status() == 200) {
          return;
        }
        lastOutcome = "status " + response.status();
      } catch (RuntimeException e) {
        lastOutcome = String.valueOf(e.getCause() != null ? e.getCause() : e);
      }
      if (!process.isAlive()) {
        drainLog();
        throw failure("App exited with code " + process.exitValue() + " while waiting for "
            + url + "; last outcome: " + lastOutcome);
      }
      OtlpReceiver.sleep(Duration.ofMillis(100));
    }
  }

  /**
   * Fails when the agent logged a warning or an error, a class failed to load or link, or the agent
   * counted an error inside its instrumentation: what every testing app must never show.
   */
  public void assertAgentQuiet() {
    List<String> bad = log().lines().filter(TestApp::isAgentTrouble).toList();
    if (!bad.isEmpty()) {
      throw new AssertionError("lines that should not be in " + logFile() + ":\n" + String.join("\n", bad));
    }
    double errors = MetricsScrape.scrape(endpointUrl("/metrics")).sum("sightline_instrumentation_errors_total");
    if (errors != 0) {
      throw new AssertionError(errors + " errors inside the agent's instrumentation (sightline_instrumentation_errors_total) of "
          + logFile());
    }
  }

  /**
   * For an app run with {@code sightline.test.handlers-fail=true}: its handlers were called and
   * failed (more than {@code atLeast} failures counted by the agent), and no such failure reached
   * the application's own output.
   */
  public void assertHandlerFailuresStayedInside(double atLeast) {
    double failures = MetricsScrape.scrape(endpointUrl("/metrics")).sum("sightline_instrumentation_errors_total");
    if (failures <= atLeast) {
      throw new AssertionError("only " + failures + " handler failures counted; were the handlers called? " + logFile());
    }
    List<String> leaked = log().lines()
        .filter(line -> line.contains("a handler failing on purpose") && !line.startsWith("[sightline]"))
        .toList();
    if (!leaked.isEmpty()) {
      throw new AssertionError("a handler's failure reached the application (" + logFile() + "):\n" + String.join("\n", leaked));
    }
  }

  /** An agent warning or error, or a class that failed to load or link. */
  public static boolean isAgentTrouble(String line) {
    return line.contains("[sightline] WARN") || line.contains("[sightline] ERROR")
        || Stream.of("NoClassDefFoundError", "ClassNotFoundException", "LinkageError", "VerifyError",
            "IncompatibleClassChangeError").anyMatch(line::contains);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the app to exit by itself and returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw failure("App still running after " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the app", e);
    }
    drainLog();
    RUNNING.remove(process);
    return process.exitValue();
  }

  /**
   * Asks the app to terminate (SIGTERM, so shutdown hooks run), forces it after 10 s, and returns
   * the exit code (143 after a plain SIGTERM).
   */
  public int stop() {
    try {
      if (process.isAlive()) {
        // SIGTERM through the handle: Process.destroy() would also close our end of the app's output
        // pipe, and whatever its shutdown hooks print would be lost.
        process.toHandle().destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    drainLog();
    if (!process.isAlive()) {
      RUNNING.remove(process);
      return process.exitValue();
    }
    throw new IllegalStateException("App pid " + process.pid() + " did not terminate");
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "TestApp[pid=" + process.pid() + ", log=" + logFile + "]";
  }

  private void pumpLog() {
    try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8);
        Writer out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
      char[] buffer = new char[8192];
      int n;
      while ((n = in.read(buffer)) != -1) {
        log.append(buffer, 0, n);
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      log.append("\n[harness] log capture failed: ").append(e).append('\n');
    }
  }

  /** After exit, lets the pump copy what is still buffered in the pipe. */
  private void drainLog() {
    try {
      logPump.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private AssertionError failure(String message) {
    List<String> lines = Arrays.asList(log().split("\n", -1));
    List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
    return new AssertionError(message + "\nCommand: " + String.join(" ", command)
        + "\nLog " + logFile + " (last " + tail.size() + " lines):\n" + String.join("\n", tail));
  }

  /** Collects the child JVM's settings; nothing is launched until {@link #start()}. */
  public static final class Builder {
    private final String mainClass;
    private final Path jar;
    private Path javaHome = Path.of(System.getProperty("java.home"));
    private boolean agent = true;
    private final Map<String, String> sysprops = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final List<Path> extraClasspath = new ArrayList<>();
    private final Map<String, Path> swappedJars = new LinkedHashMap<>();
    private String name;

    private Builder(String mainClass, Path jar) {
      this.mainClass = mainClass;
      this.jar = jar;
    }

    public Builder javaHome(Path javaHome) {
      if (javaHome == null) {
        throw new IllegalArgumentException("javaHome is null (is that JDK installed?)");
      }
      this.javaHome = javaHome;
      return this;
    }

    public Builder withAgent() {
      this.agent = true;
      return this;
    }

    public Builder withoutAgent() {
      this.agent = false;
      return this;
    }

    /** A {@code -Dkey=value}; later calls override earlier ones and the harness defaults. */
    public Builder sysprop(String key, String value) {
      sysprops.put(key, value);
      return this;
    }

    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    /** JVM options, one argument per string, e.g. {@code "--add-opens=java.base/java.lang=ALL-UNNAMED"}. */
    public Builder jvmArg(String... jvmArgs) {
      this.jvmArgs.addAll(Arrays.asList(jvmArgs));
      return this;
    }

    /** Program arguments passed to the main class (or the jar's). */
    public Builder args(String... args) {
      this.args.addAll(Arrays.asList(args));
      return this;
    }

    /**
     * Appends a class path entry after target/classes and the runtime class path. Not for
     * {@link TestApp#jar(Path) jar} apps, whose class path is the jar's own.
     */
    public Builder classpathEntry(Path entry) {
      if (jar != null) {
        throw new IllegalStateException("java -jar ignores -cp: an executable jar ("
            + jar + ") takes no extra class path entry");
      }
      extraClasspath.add(entry.toAbsolutePath());
      return this;
    }

    /**
     * Runs the app against another version of a library: the runtime class path entry whose file
     * name starts with {@code fileNamePrefix} ({@code "logback-classic-"}) becomes {@code jar}. An
     * entry that is not found fails the start, so a renamed dependency cannot pass unnoticed.
     */
    public Builder swapJar(String fileNamePrefix, Path jar) {
      if (this.jar != null) {
        throw new IllegalStateException("an executable jar (" + this.jar + ") has its own class path");
      }
      swappedJars.put(fileNamePrefix, jar.toAbsolutePath());
      return this;
    }

    /** Exports to the receiver, with a short batch delay so spans arrive within a test's patience. */
    public Builder otlp(OtlpReceiver receiver) {
      sysprop("otel.exporter.otlp.endpoint", receiver.endpoint());
      sysprop("otel.bsp.schedule.delay", "200");
      return this;
    }

    public Builder serviceName(String serviceName) {
      return sysprop("otel.service.name", serviceName);
    }

    /**
     * The log file's base name; defaults to the main class's simple name in kebab case, or the
     * jar's file name without {@code .jar}.
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public TestApp start() {
      Path java = javaHome.resolve("bin").resolve("java");
      if (!Files.isExecutable(java)) {
        throw new IllegalStateException("No java executable at " + java);
      }
      Map<String, String> effective = new LinkedHashMap<>();
      // Both modes get the same properties so that an agent/no-agent comparison differs only by
      // the -javaagent flag (and the port value).
      effective.put(ENDPOINT_HOST_PROPERTY, "127.0.0.1");
      if (!sysprops.containsKey(ENDPOINT_PORT_PROPERTY)) {
        effective.put(ENDPOINT_PORT_PROPERTY, String.valueOf(freePort()));
      }
      effective.putAll(sysprops);

      List<String> command = new ArrayList<>();
      command.add(java.toString());
      command.addAll(jvmArgs);
      if (agent) {
        command.add("-javaagent:" + agentJar());
      }
      effective.forEach((key, value) -> command.add("-D" + key + "=" + value));
      if (jar != null) {
        if (!Files.isRegularFile(jar)) {
          throw new IllegalStateException("No jar at " + jar + "; package the app first"
              + " (integration tests of an executable jar run after `package`, under failsafe)");
        }
        command.add("-jar");
        command.add(jar.toString());
      } else {
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
      }
      command.addAll(args);

      Path logDir = Path.of("target", "app-logs").toAbsolutePath();
      Path logFile = logDir.resolve(logName() + "-" + LAUNCHES.incrementAndGet() + ".log");
      ProcessBuilder processBuilder = new ProcessBuilder(command).redirectErrorStream(true);
      processBuilder.environment().putAll(env);
      try {
        Files.createDirectories(logDir);
        Process process = processBuilder.start();
        RUNNING.add(process);
        return new TestApp(process, command, effective, logFile);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start " + String.join(" ", command), e);
      }
    }

    private static String agentJar() {
      String jar = System.getProperty(AGENT_JAR_PROPERTY);
      if (jar == null || jar.isBlank()) {
        throw new IllegalStateException("System property " + AGENT_JAR_PROPERTY + " is not set;"
            + " run the tests through Maven (the parent pom passes it to surefire) or pass"
            + " -D" + AGENT_JAR_PROPERTY + "=<path to sightline-agent.jar>");
      }
      Path path = Path.of(jar);
      if (!Files.isRegularFile(path)) {
        throw new IllegalStateException("Agent jar " + path.toAbsolutePath() + " (from -D"
            + AGENT_JAR_PROPERTY + ") does not exist; package the agent module first");
      }
      return path.toAbsolutePath().toString();
    }

    private String classpath() {
      Path classes = Path.of("target", "classes").toAbsolutePath();
      if (!Files.isDirectory(classes)) {
        throw new IllegalStateException(classes + " does not exist; TestApp expects to run with"
            + " the app module as working directory (as surefire does), after compilation");
      }
      List<String> entries = new ArrayList<>();
      entries.add(classes.toString());
      Path runtimeClasspath = Path.of("target", "runtime.classpath");
      if (Files.isRegularFile(runtimeClasspath)) {
        try {
          String listed = Files.readString(runtimeClasspath).strip();
          if (!listed.isEmpty()) {
            entries.addAll(Arrays.asList(listed.split(File.pathSeparator)));
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read " + runtimeClasspath.toAbsolutePath(), e);
        }
      }
      swappedJars.forEach((prefix, replacement) -> {
        int at = -1;
        for (int i = 0; i < entries.size() && at < 0; i++) {
          at = Path.of(entries.get(i)).getFileName().toString().startsWith(prefix) ? i : -1;
        }
        if (at < 0) {
          throw new IllegalStateException("no class path entry named " + prefix + "* to swap for " + replacement);
        }
        entries.set(at, replacement.toString());
      });
      extraClasspath.forEach(entry -> entries.add(entry.toString()));
      return String.join(File.pathSeparator, entries);
    }

    private String logName() {
      if (name != null) {
        return name;
      }
      if (jar != null) {
        String file = jar.getFileName().toString();
        return file.endsWith(".jar") ? file.substring(0, file.length() - ".jar".length()) : file;
      }
      String simple = mainClass.substring(mainClass.lastIndexOf('.') + 1);
      return simple.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
  }
}
