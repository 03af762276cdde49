package dev.sightline.apps.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.KafkaBroker;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Undeploying the WAR from a standalone Tomcat lets the JVM collect the webapp's class loader: the
 * webapp closes everything it started (consumers, producers, connections, threads, the JDBC driver)
 * and Tomcat reports no leak; after the WAR is deleted (autoDeploy undeploys it) and a few forced
 * GCs, {@code jcmd GC.class_histogram} shows no {@code ParallelWebappClassLoader} and no class of
 * the webapp or its libraries, and {@code jcmd VM.classloaders} no webapp loader.
 *
 * <p>Run without the agent ({@link TomcatUndeployWithoutAgentIT}) it shows the webapp and the
 * test are right; with the agent ({@link TomcatUndeployWithAgentIT}), after the agent traced the
 * webapp's libraries, a failure is the agent holding on to the webapp.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TomcatUndeployContract {

  static final String CONTEXT = "undeploy-me";
  static final String WEBAPP_LOADER = "org.apache.catalina.loader.ParallelWebappClassLoader";
  /** Classes only the webapp's loader defines: its own, and its WEB-INF/lib's. */
  static final List<String> WEBAPP_CLASSES = List.of("dev.sightline.apps.war.", "org.apache.kafka.",
      "com.rabbitmq.client.", "org.h2.", "org.apache.hc.client5.");
  static final Duration COLLECTION = Duration.ofSeconds(60);

  private final boolean withAgent;
  private final String runId = Spans.runId();
  private KafkaBroker broker;
  private OtlpReceiver receiver;
  private StandaloneTomcat tomcat;

  TomcatUndeployContract(boolean withAgent) {
    this.withAgent = withAgent;
  }

  @BeforeAll
  void start() throws Exception {
    Services.requireTcp("RabbitMQ", OrderFlowContract.AMQP_HOST, OrderFlowContract.AMQP_PORT,
        "testing-apps/services.sh ensure");
    broker = KafkaBroker.start(Path.of("target", "kafka-broker", getClass().getSimpleName() + "-" + runId));
    receiver = OtlpReceiver.start();
    tomcat = new StandaloneTomcat(withAgent ? "tomcat11-undeploy-agent" : "tomcat11-undeploy-no-agent");
    if (!withAgent) {
      tomcat.withoutAgent();
    }
    OrderFlowContract.configure(tomcat, broker, receiver, "war-app-undeploy", runId);
    tomcat.deploy(StandaloneContainer.fromPom("war-app.war"), CONTEXT);
    tomcat.start();
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {tomcat, receiver, broker}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        e.printStackTrace();
      }
    }
  }

  @Test
  void undeployedWebappsClassLoaderIsCollected() throws Exception {
    WarAppClient app = new WarAppClient(tomcat, CONTEXT);
    String traceId = Spans.newTraceId();
    String orderId = app.placeOrder("book", 1, Spans.traceparent(traceId, Spans.newSpanId()));
    app.awaitShippedAndAudited(orderId);
    if (withAgent) {
      // The agent really worked on the webapp's classes (WEB-INF/lib) before the undeploy.
      List<ReceivedSpan> trace = Spans.awaitTrace(receiver, traceId, List.of("CLIENT INSERT war_orders",
          "PRODUCER send " + app.topic(), "CONSUMER process " + app.topic(), "PRODUCER publish " + app.exchange(),
          "CONSUMER process " + app.queue()), () -> "Tomcat log:\n" + tomcat.log());
      assertTrue(trace.size() >= 5, Spans.describe(trace));
    } else {
      assertTrue(receiver.spans().isEmpty(), "no agent, no spans: " + receiver.spans());
    }
    String deployed = tomcat.jcmd("GC.class_histogram");
    assertTrue(instances(deployed, WEBAPP_LOADER) >= 1, "the webapp's loader while deployed:\n" + deployed);
    assertTrue(webappClassLines(deployed).size() > 0, "the webapp's classes while deployed");

    tomcat.undeploy(CONTEXT);
    tomcat.awaitLog("Undeploying context [/" + CONTEXT + "]", Duration.ofSeconds(60));
    tomcat.awaitLog("war-app: [/" + CONTEXT + "] stopped", Duration.ofSeconds(60));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (Files.exists(tomcat.expandedDir(CONTEXT)) && System.nanoTime() < deadline) {
      StandaloneContainer.sleep(200);
    }
    assertTrue(!Files.exists(tomcat.expandedDir(CONTEXT)), "Tomcat removed the expanded webapp");

    String histogram = collectUntilGone();
    List<String> leftovers = webappClassLines(histogram);
    int loaders = instances(histogram, WEBAPP_LOADER);
    String classLoaders = tomcat.jcmd("VM.classloaders");
    List<String> tomcatLeakReports = tomcat.log().lines()
        .filter(line -> line.contains("memory leak") || line.contains("failed to stop it")
            || line.contains("failed to unregister it") || line.contains("but has failed to remove it"))
        .toList();
    String diagnosis = "\nTomcat's leak reports: " + tomcatLeakReports
        + "\nwebapp classes with instances: " + leftovers
        + "\njcmd VM.classloaders:\n" + classLoaders
        + "\nthreads:\n" + threadNames();
    if (loaders > 0) {
      // For the path from a GC root to the loader that stayed: target/undeploy-leak.hprof.
      tomcat.jcmd("GC.heap_dump " + Path.of("target", "undeploy-leak.hprof").toAbsolutePath());
    }
    assertEquals(List.of(), tomcatLeakReports, "the webapp stops what it started" + diagnosis);
    assertEquals(0, loaders, WEBAPP_LOADER + " instances after undeploy and GC" + diagnosis);
    assertEquals(List.of(), leftovers, "webapp classes after undeploy and GC" + diagnosis);
    assertTrue(!classLoaders.contains("ParallelWebappClassLoader"), "no webapp loader left" + diagnosis);
  }

  /** Forces GCs (the JDK HttpClient's selector thread ends a few seconds after its client is unreachable). */
  private String collectUntilGone() {
    long deadline = System.nanoTime() + COLLECTION.toNanos();
    String histogram;
    do {
      tomcat.jcmd("GC.run");
      StandaloneContainer.sleep(2_000);
      tomcat.jcmd("GC.run");
      histogram = tomcat.jcmd("GC.class_histogram");
      if (instances(histogram, WEBAPP_LOADER) == 0 && webappClassLines(histogram).isEmpty()) {
        return histogram;
      }
    } while (System.nanoTime() < deadline);
    return histogram;
  }

  /** The instance count of {@code className} in a class histogram, 0 when absent. */
  static int instances(String histogram, String className) {
    return histogram.lines()
        .map(String::strip)
        .map(line -> line.split("\\s+"))
        .filter(columns -> columns.length >= 4 && columns[3].equals(className))
        .mapToInt(columns -> Integer.parseInt(columns[1]))
        .sum();
  }

  static List<String> webappClassLines(String histogram) {
    return histogram.lines()
        .map(String::strip)
        .filter(line -> {
          String[] columns = line.split("\\s+");
          return columns.length >= 4 && WEBAPP_CLASSES.stream().anyMatch(columns[3]::startsWith);
        })
        .toList();
  }

  private String threadNames() {
    return tomcat.jcmd("Thread.print").lines()
        .filter(line -> line.startsWith("\""))
        .map(line -> line.substring(0, line.indexOf('"', 1) + 1))
        .sorted()
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }
}
