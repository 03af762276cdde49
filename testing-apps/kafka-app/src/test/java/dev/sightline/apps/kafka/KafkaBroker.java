package dev.sightline.apps.kafka;

import dev.sightline.testing.TestApp;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) in a child JVM, so it
 * can be stopped and started again on the same port with its data intact. Its class path is the
 * test class path with the broker's own kafka-clients version (see the pom).
 */
final class KafkaBroker implements AutoCloseable {

  private static final AtomicInteger LAUNCHES = new AtomicInteger();

  private final Path dir;
  private final Path config;
  private final int port;
  private final String classpath;
  private Process process;

  private KafkaBroker(Path dir, int port, int controllerPort) throws IOException {
    this.dir = dir;
    this.port = port;
    this.classpath = brokerClasspath();
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
        "log.dirs=" + dir.resolve("data"),
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=true",
        "") );
  }

  /** Formats a fresh data directory and starts the broker; returns once it answers. */
  static KafkaBroker start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    KafkaBroker broker = new KafkaBroker(dir, TestApp.freePort(), TestApp.freePort());
    broker.format();
    broker.start();
    return broker;
  }

  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  private void format() throws IOException, InterruptedException {
    Process format = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
        "-c", config.toString(), "--ignore-formatted")
        .redirectOutput(dir.resolve("format.log").toFile())
        .start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IllegalStateException("Formatting the broker's storage failed; see "
          + dir.resolve("format.log") + ":\n" + Files.readString(dir.resolve("format.log")));
    }
  }

  /** Starts (or restarts) the broker on its port with its existing data. */
  void start() throws IOException, InterruptedException {
    Path log = dir.resolve("broker-" + LAUNCHES.incrementAndGet() + ".log");
    process = java("kafka.Kafka", config.toString()).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!ready()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Broker exited with " + process.exitValue() + "; log " + log
            + ":\n" + tail(log));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Broker not ready within 60 s; log " + log + ":\n" + tail(log));
      }
      Thread.sleep(200);
    }
  }

  /** Stops the broker as an outage would (SIGKILL), and waits until its port is closed. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  void createTopic(String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
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

  private ProcessBuilder java(String mainClass, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms128m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", classpath, mainClass));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    return builder;
  }

  private static String brokerClasspath() throws IOException {
    List<String> entries = new ArrayList<>();
    String listed = Files.readString(Path.of("target", "broker.classpath")).strip();
    entries.addAll(List.of(listed.split(File.pathSeparator)));
    try (var jars = Files.list(Path.of("target", "broker-lib"))) {
      jars.forEach(jar -> entries.add(jar.toAbsolutePath().toString()));
    }
    return String.join(File.pathSeparator, entries);
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
