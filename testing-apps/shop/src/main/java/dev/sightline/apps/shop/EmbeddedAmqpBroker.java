package dev.sightline.apps.shop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.model.SystemConfig;

/**
 * An AMQP 0-9-1 broker (Apache Qpid Broker-J) inside the shop's JVM: one in-memory virtual host,
 * user guest/guest, on a free port of 127.0.0.1. Its configuration is {@code qpid-config.json}.
 */
final class EmbeddedAmqpBroker implements AutoCloseable {

  private final Path workDir;
  private final int port;

  private EmbeddedAmqpBroker(Path workDir, int port) {
    this.workDir = workDir;
    this.port = port;
  }

  static EmbeddedAmqpBroker start() throws Exception {
    Path workDir = Files.createTempDirectory("shop-qpid-");
    int port = EmbeddedKafka.freePort();
    Map<String, Object> context = new HashMap<>();
    context.put("qpid.amqp_port", Integer.toString(port));
    context.put(SystemConfig.QPID_WORK_DIR, workDir.toString());
    Map<String, Object> attributes = new HashMap<>();
    attributes.put(SystemConfig.TYPE, "Memory");
    attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION,
        EmbeddedAmqpBroker.class.getResource("/qpid-config.json").toExternalForm());
    attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
    attributes.put(SystemConfig.CONTEXT, context);
    new SystemLauncher().startup(attributes);
    return new EmbeddedAmqpBroker(workDir, port);
  }

  String uri() {
    return "amqp://guest:guest@127.0.0.1:" + port + "/default";
  }

  /**
   * Removes the (empty: everything is in memory) work directory. The broker itself is stopped by
   * the JVM shutdown hook Qpid registers when it starts; stopping it here too would race with that
   * hook and log errors. The shop closes its resources only when the JVM exits.
   */
  @Override
  public void close() {
    Directories.deleteQuietly(workDir);
  }
}
