package dev.sightline.apps.shop;

import dev.sightline.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.model.SystemConfig;

/**
 * The shop's embedded AMQP broker (Qpid Broker-J, same configuration), run in the test's JVM
 * instead of the shop's, so a test can stop it under the running shop's feet.
 */
final class StoppableAmqpBroker implements AutoCloseable {

  private final SystemLauncher launcher = new SystemLauncher();
  private final Path workDir;
  private final int port;
  private boolean stopped;

  private StoppableAmqpBroker(Path workDir, int port) {
    this.workDir = workDir;
    this.port = port;
  }

  static StoppableAmqpBroker start() throws Exception {
    StoppableAmqpBroker broker = new StoppableAmqpBroker(Files.createTempDirectory("ops-qpid-"), TestApp.freePort());
    Map<String, Object> context = new HashMap<>();
    context.put("qpid.amqp_port", Integer.toString(broker.port));
    context.put(SystemConfig.QPID_WORK_DIR, broker.workDir.toString());
    Map<String, Object> attributes = new HashMap<>();
    attributes.put(SystemConfig.TYPE, "Memory");
    attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION,
        StoppableAmqpBroker.class.getResource("/qpid-config.json").toExternalForm());
    attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
    attributes.put(SystemConfig.CONTEXT, context);
    broker.launcher.startup(attributes);
    return broker;
  }

  String uri() {
    return "amqp://guest:guest@127.0.0.1:" + port + "/default";
  }

  /** The broker's name as a dependency in /health. */
  String address() {
    return "127.0.0.1:" + port;
  }

  /** Stops the broker: its connections close and its port refuses new ones. */
  synchronized void stop() {
    if (!stopped) {
      stopped = true;
      launcher.shutdown();
    }
  }

  @Override
  public void close() {
    stop();
    Directories.deleteQuietly(workDir);
  }
}
