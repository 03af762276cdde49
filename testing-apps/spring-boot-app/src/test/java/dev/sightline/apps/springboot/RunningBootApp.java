package dev.sightline.apps.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sightline.testing.KafkaBroker;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.Services;
import dev.sightline.testing.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The packaged order service started as users run it ({@code java -javaagent:... -jar app.jar}),
 * with what it needs: a KRaft broker in a child JVM, the machine's RabbitMQ, an OTLP receiver, and
 * topic and queue names of its own so runs never meet. It binds port 0 and reports the port it got.
 * Failsafe names the jar, the artifact id, the Boot version and the AMQP listener container in
 * system properties (spring-boot-app and spring-boot-4-app run the same tests).
 */
final class RunningBootApp implements AutoCloseable {

  static final Duration STARTUP = Duration.ofSeconds(180);
  static final String AMQP_HOST = System.getenv().getOrDefault("AMQP_HOST", "127.0.0.1");
  static final int AMQP_PORT = Integer.parseInt(System.getenv().getOrDefault("AMQP_PORT", "5672"));

  final String appName = System.getProperty("spring-boot-app.name", "spring-boot-app");
  final String suffix = "-t" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
  final String ordersTopic = "orders" + suffix;
  final String batchTopic = "order-batches" + suffix;
  final String auditQueue = "order-audit" + suffix;
  final KafkaBroker broker;
  final OtlpReceiver receiver;
  final TestApp app;
  final int port;

  private RunningBootApp(String logName, Map<String, String> sysprops, List<String> jvmArgs, List<String> extraArgs) {
    Services.requireTcp("RabbitMQ", AMQP_HOST, AMQP_PORT, "testing-apps/services.sh ensure");
    KafkaBroker startedBroker = null;
    OtlpReceiver startedReceiver = null;
    TestApp startedApp = null;
    try {
      startedBroker = KafkaBroker.start(Path.of("target", "kafka-broker", logName + "-" + System.nanoTime()));
      startedReceiver = OtlpReceiver.start();
      List<String> args = new ArrayList<>(List.of("--server.port=0",
          "--spring.kafka.bootstrap-servers=" + startedBroker.bootstrap(),
          "--spring.rabbitmq.host=" + AMQP_HOST,
          "--spring.rabbitmq.port=" + AMQP_PORT,
          "--app.suffix=" + suffix,
          "--spring.rabbitmq.listener.type=" + System.getProperty("spring-boot-app.rabbit-listener", "simple")));
      args.addAll(extraArgs);
      TestApp.Builder builder = TestApp.jar(appJar())
          .name(appName + logName)
          .serviceName(appName)
          .otlp(startedReceiver)
          .args(args.toArray(new String[0]));
      jvmArgs.forEach(builder::jvmArg);
      sysprops.forEach(builder::sysprop);
      startedApp = builder.start();
      this.port = startedApp.awaitListeningPort(appName, STARTUP);
    } catch (IOException e) {
      closeAll(startedApp, startedReceiver, startedBroker);
      throw new UncheckedIOException("the Kafka broker did not start", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeAll(startedApp, startedReceiver, startedBroker);
      throw new IllegalStateException(e);
    } catch (RuntimeException | Error e) {
      closeAll(startedApp, startedReceiver, startedBroker);
      throw e;
    }
    this.broker = startedBroker;
    this.receiver = startedReceiver;
    this.app = startedApp;
  }

  /** The app with the agent's settings {@code sysprops}, its log named {@code <app><logName>}. */
  static RunningBootApp start(String logName, Map<String, String> sysprops) {
    return new RunningBootApp(logName, sysprops, List.of(), List.of());
  }

  /** The same, with JVM options and application arguments of the test's own. */
  static RunningBootApp start(String logName, List<String> jvmArgs, List<String> extraArgs) {
    return new RunningBootApp(logName, Map.of(), jvmArgs, extraArgs);
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Override
  public void close() {
    closeAll(app, receiver, broker);
  }

  private static void closeAll(AutoCloseable... closeables) {
    for (AutoCloseable closeable : closeables) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // keep closing the others
      }
    }
  }

  /** Failsafe passes the packaged jar; run elsewhere, the one jar in target/ will do. */
  private static Path appJar() {
    String configured = System.getProperty("spring-boot-app.jar");
    if (configured != null) {
      return Path.of(configured);
    }
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> jars = files.filter(f -> f.getFileName().toString().matches(".*-app-.*\\.jar")).toList();
      assertEquals(1, jars.size(), "one app jar in target/ (or -Dspring-boot-app.jar): " + jars);
      return jars.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
