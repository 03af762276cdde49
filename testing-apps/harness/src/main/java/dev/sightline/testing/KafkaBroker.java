package dev.sightline.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) in a child JVM, so it
 * can be stopped and started again on the same port with its data intact, and so that its Kafka
 * version is independent of the client version the app under test uses.
 *
 * <p>The broker's class path is, in this order: the one passed to {@link #start(Path, String)};
 * the calling module's {@code target/broker.classpath} plus the jars in {@code target/broker-lib},
 * when that file exists; else the broker this harness was built with ({@code kafka_2.13}, see the
 * harness pom), whose class path the harness build lists in its jar. The readiness probe and
 * {@link #createTopic(String)} use the Kafka admin client, so the caller's test class path must
 * hold {@code kafka-clients} (any 3.x or 4.x); the harness does not bring it.
 */
public final class KafkaBroker implements AutoCloseable {

  /** Where the harness build lists its own broker's class path (absolute paths). */
  static final String BUILT_IN_CLASSPATH = "kafka-broker.classpath";

  private static final AtomicInteger LAUNCHES = new AtomicInteger();
  private static final Duration STARTUP = Duration.ofSeconds(60);
  /** Tests put little load on a broker: C1 and the serial GC start it sooner. */
  private static final List<String> TEST_JVM =
      List.of("-Xms128m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private final Path dir;
  private final Path config;
  private final int port;
  private final String classpath;
  private final List<String> jvmOptions;
  /** Null: each launch logs to {@code dir/broker-N.log}, N counted across all brokers of this JVM. */
  private final Path firstLog;
  private int launches;
  private Path log;
  private Process process;

  private KafkaBroker(Path dir, int port, int controllerPort, String classpath, List<String> jvmOptions,
      Path firstLog) throws IOException {
    this.dir = dir;
    this.port = port;
    this.classpath = classpath;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.firstLog = firstLog;
    this.config = dir.resolve("server.properties");
    Files.writeString(config, String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + dir.resolve("data").toAbsolutePath(),
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=true",
        ""));
  }

  /**
   * Formats a fresh data directory under {@code dir} and starts the broker on free ports with
   * the default class path (see the class comment); returns once it answers.
   */
  public static KafkaBroker start(Path dir) throws IOException, InterruptedException {
    return start(dir, defaultClasspath());
  }

  /** As {@link #start(Path)}, with the broker's class path given ({@link File#pathSeparator}-separated). */
  public static KafkaBroker start(Path dir, String classpath) throws IOException, InterruptedException {
    return start(dir, classpath, TEST_JVM, null);
  }

  /**
   * As {@link #start(Path, String)}, with the broker JVM's options (heap, GC) given in place of the
   * quick-start ones tests use, and its output in {@code log} (null: in {@code dir}, as there); each
   * later launch ({@link #start()}) logs beside it, {@code name-2.log}, {@code name-3.log} and so on.
   */
  public static KafkaBroker start(Path dir, String classpath, List<String> jvmOptions, Path log)
      throws IOException, InterruptedException {
    if (classpath == null || classpath.isBlank()) {
      throw new IllegalArgumentException("The broker's class path is empty");
    }
    Files.createDirectories(dir);
    if (log != null && log.getParent() != null) {
      Files.createDirectories(log.getParent());
    }
    KafkaBroker broker = new KafkaBroker(dir, TestApp.freePort(), TestApp.freePort(), classpath,
        jvmOptions, log);
    broker.format();
    broker.start();
    return broker;
  }

  /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The broker's own directory: configuration, data and, unless given elsewhere, one log per launch. */
  public Path dir() {
    return dir;
  }

  /** The output of the latest launch. */
  public Path log() {
    return log;
  }

  private void format() throws IOException, InterruptedException {
    Path log = dir.resolve("format.log");
    Process format = java("kafka.tools.StorageTool", "format", "-t", clusterId(),
        "-c", config.toString(), "--ignore-formatted")
        .redirectOutput(log.toFile())
        .start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IllegalStateException("Formatting the broker's storage failed; see " + log + ":\n"
          + Files.readString(log));
    }
  }

  /** Starts (or restarts) the broker on its port with its existing data; returns once it answers. */
  public void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("The broker is already running on " + bootstrap());
    }
    log = nextLog();
    process = java("kafka.Kafka", config.toString()).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (!ready()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Broker exited with " + process.exitValue() + "; log " + log
            + ":\n" + tail(log));
      }
      if (System.nanoTime() > deadline) {
        // Nobody could stop a broker that comes up after its start has failed.
        process.destroyForcibly();
        throw new IllegalStateException("Broker not ready within " + STARTUP + "; log " + log + ":\n"
            + tail(log));
      }
      Thread.sleep(200);
    }
  }

  /** Stops the broker as an outage would (SIGKILL), and waits until it is gone. */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Starts the broker again on its data (as {@link #start()}) when its process has exited, for
   * whatever reason, {@link #stop()} included; returns the exit code it had, or nothing when it
   * was running.
   */
  public OptionalInt restartIfExited() throws IOException, InterruptedException {
    if (process == null || process.isAlive()) {
      return OptionalInt.empty();
    }
    int exit = process.exitValue();
    start();
    return OptionalInt.of(exit);
  }

  /** Creates a topic with one partition and one replica. */
  public void createTopic(String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** Deletes a topic and its records, so that a long-lived broker's disk does not fill up. */
  public void deleteTopic(String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
      admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** Stops the broker; an interrupt while waiting for it is kept as the thread's interrupt status. */
  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "KafkaBroker[" + bootstrap() + ", dir=" + dir + "]";
  }

  private boolean ready() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
    } catch (IOException e) {
      return false;
    }
    // The port opens before the broker has registered with its controller: ask for metadata too.
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000))) {
      return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  private Path nextLog() {
    launches++;
    if (firstLog == null) {
      return dir.resolve("broker-" + LAUNCHES.incrementAndGet() + ".log");
    }
    if (launches == 1) {
      return firstLog;
    }
    String name = firstLog.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0
        ? firstLog.resolveSibling(name.substring(0, dot) + "-" + launches + name.substring(dot))
        : firstLog.resolveSibling(name + "-" + launches);
  }

  private ProcessBuilder java(String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, mainClass));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true);
  }

  /**
   * A cluster id as {@code kafka-storage random-uuid} makes one: 16 random bytes in URL-safe
   * base64 without padding, never starting with '-' (it would read as a command-line flag).
   */
  static String clusterId() {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[16];
    String id;
    do {
      random.nextBytes(bytes);
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    } while (id.startsWith("-"));
    return id;
  }

  /** The calling module's target/broker.classpath (+ target/broker-lib), else the harness's broker. */
  static String defaultClasspath() throws IOException {
    Path listed = Path.of("target", "broker.classpath");
    if (Files.isRegularFile(listed)) {
      List<String> entries = new ArrayList<>(split(Files.readString(listed)));
      Path lib = Path.of("target", "broker-lib");
      if (Files.isDirectory(lib)) {
        try (Stream<Path> jars = Files.list(lib)) {
          jars.sorted().forEach(jar -> entries.add(jar.toAbsolutePath().toString()));
        }
      }
      return String.join(File.pathSeparator, entries);
    }
    try (InputStream in = KafkaBroker.class.getResourceAsStream(BUILT_IN_CLASSPATH)) {
      if (in == null) {
        throw new IllegalStateException("No target/broker.classpath in " + Path.of("").toAbsolutePath()
            + " and no " + BUILT_IN_CLASSPATH + " in the harness jar; build the harness with Maven");
      }
      List<String> entries = split(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      for (String entry : entries) {
        if (!Files.exists(Path.of(entry))) {
          throw new IllegalStateException("The harness's broker class path names " + entry
              + ", which does not exist (was the harness built on another machine?); rebuild it");
        }
      }
      return String.join(File.pathSeparator, entries);
    }
  }

  private static List<String> split(String classpath) {
    List<String> entries = new ArrayList<>();
    for (String entry : classpath.strip().split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(entry.strip());
      }
    }
    return entries;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
