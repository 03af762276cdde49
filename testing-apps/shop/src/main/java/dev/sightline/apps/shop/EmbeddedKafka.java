package dev.sightline.apps.shop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft Kafka (broker and controller in one) inside the shop's JVM, on free ports
 * of 127.0.0.1, with its data in a temporary directory removed at exit. It shares the class path
 * with the shop's own client, which is why the pom pins kafka_2.13 and kafka-clients to one version.
 */
final class EmbeddedKafka implements AutoCloseable {

  private final Path dir;
  private final int port;
  private final KafkaRaftServer server;

  private EmbeddedKafka(Path dir, int port, KafkaRaftServer server) {
    this.dir = dir;
    this.port = port;
    this.server = server;
  }

  static EmbeddedKafka start() throws Exception {
    Path dir = Files.createTempDirectory("shop-kafka-");
    int port = freePort();
    int controllerPort = freePort();
    Properties config = new Properties();
    config.put("process.roles", "broker,controller");
    config.put("node.id", "1");
    config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    config.put("controller.listener.names", "CONTROLLER");
    config.put("inter.broker.listener.name", "PLAINTEXT");
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.put("log.dirs", dir.toString());
    config.put("num.partitions", "1");
    config.put("offsets.topic.replication.factor", "1");
    config.put("offsets.topic.num.partitions", "1");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    config.put("group.initial.rebalance.delay.ms", "0");
    config.put("auto.create.topics.enable", "true");
    // A guest in someone else's JVM: few threads, and a small log-cleaner buffer (128 MB by default).
    config.put("num.network.threads", "1");
    config.put("num.io.threads", "2");
    config.put("background.threads", "2");
    config.put("log.cleaner.threads", "1");
    config.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
    KafkaConfig kafkaConfig = KafkaConfig.fromProps(config);

    ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
    new Formatter()
        .setPrintStream(new PrintStream(formatOutput, true))
        .setNodeId(1)
        .setClusterId(Uuid.randomUuid().toString())
        .setDirectories(List.of(dir.toString()))
        .setMetadataLogDirectory(dir.toString())
        .setControllerListenerName("CONTROLLER")
        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .run();

    KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
    server.startup(); // returns once the broker is registered and unfenced
    return new EmbeddedKafka(dir, port, server);
  }

  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      Directories.deleteQuietly(dir);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
