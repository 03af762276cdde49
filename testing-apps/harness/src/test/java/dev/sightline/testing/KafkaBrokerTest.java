package dev.sightline.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

  @Test
  void clusterIdsAreWhatKafkaStorageFormatAccepts() {
    for (int i = 0; i < 200; i++) {
      String id = KafkaBroker.clusterId();
      assertEquals(22, id.length(), id);
      assertFalse(id.startsWith("-"), id);
      assertEquals(16, Base64.getUrlDecoder().decode(id).length, id);
    }
  }

  /** The built-in class path (this module has no target/broker.classpath). Restarts: see kafka-app. */
  @Test
  void theBuiltInBrokerStartsAndTakesTopics() throws Exception {
    Path dir = Path.of("target", "kafka-broker", "KafkaBrokerTest-" + System.nanoTime());
    KafkaBroker stopped;
    try (KafkaBroker broker = KafkaBroker.start(dir)) {
      stopped = broker;
      assertTrue(broker.isRunning());
      assertEquals("127.0.0.1:" + broker.port(), broker.bootstrap());
      assertTrue(accepts(broker.port()));
      broker.createTopic("harness-topic");
    }
    assertFalse(stopped.isRunning(), "close() stops the broker");
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
