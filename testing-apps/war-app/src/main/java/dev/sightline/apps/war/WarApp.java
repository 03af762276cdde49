package dev.sightline.apps.war;

import jakarta.servlet.ServletContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Everything one deployment of the webapp holds: the database, the HTTP clients, the Kafka producer
 * and consumer, the AMQP connection. Built by {@link WarAppListener} at deployment, closed at
 * undeployment; servlets find it as a context attribute.
 */
final class WarApp implements AutoCloseable {

  static final String ATTRIBUTE = WarApp.class.getName();

  final WarAppConfig config;
  final OrderDatabase database;
  final Downstream downstream;
  final OrderEvents events;
  final ShippingConsumer shipping;
  final AuditTrail audit;
  private final String containerInfo;

  private WarApp(WarAppConfig config, OrderDatabase database, Downstream downstream, OrderEvents events,
      ShippingConsumer shipping, AuditTrail audit, String containerInfo) {
    this.config = config;
    this.database = database;
    this.downstream = downstream;
    this.events = events;
    this.shipping = shipping;
    this.audit = audit;
    this.containerInfo = containerInfo;
  }

  static WarApp start(ServletContext context) throws Exception {
    WarAppConfig config = WarAppConfig.from(context);
    OrderDatabase database = null;
    Downstream downstream = null;
    OrderEvents events = null;
    ShippingConsumer shipping = null;
    try {
      database = OrderDatabase.open(config.jdbcUrl);
      downstream = new Downstream(config.name);
      OrderEvents.ensureTopic(config);
      events = new OrderEvents(config);
      shipping = new ShippingConsumer(config, database);
      AuditTrail audit = new AuditTrail(config, database);
      audit.startConsumer();
      return new WarApp(config, database, downstream, events, shipping, audit, context.getServerInfo());
    } catch (Exception | Error e) {
      closeQuietly(shipping);
      closeQuietly(events);
      closeQuietly(downstream);
      closeQuietly(database);
      throw e;
    }
  }

  /**
   * The version of the kafka-clients jar this webapp's loader found, from the jar's own
   * {@code kafka/kafka-version.properties} (the file Kafka reads its version from, in 3.x and 4.x).
   */
  static String kafkaClientsVersion() {
    try (InputStream in = KafkaProducer.class.getResourceAsStream("/kafka/kafka-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The file name of the jar KafkaProducer was loaded from. */
  static String kafkaClientsJar() {
    try {
      String location = KafkaProducer.class.getProtectionDomain().getCodeSource().getLocation().getPath();
      return location.substring(location.lastIndexOf('/', location.length() - 2) + 1);
    } catch (RuntimeException e) {
      return "unknown";
    }
  }

  Map<String, Object> info() {
    Map<String, Object> info = new LinkedHashMap<>(config.describe());
    info.put("kafkaClients", kafkaClientsVersion());
    info.put("kafkaClientsJar", kafkaClientsJar());
    info.put("container", containerInfo);
    info.put("java", System.getProperty("java.version"));
    return info;
  }

  /** Consumers first (no new work), then producers and clients, the database last. */
  @Override
  public void close() {
    closeQuietly(shipping);
    closeQuietly(audit);
    closeQuietly(events);
    closeQuietly(downstream);
    closeQuietly(database);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log("closing " + closeable.getClass().getSimpleName() + " failed: " + e);
    }
  }

  /** One line on the container's console, which both containers keep in their log. */
  static void log(String message) {
    System.out.println("war-app: " + message);
  }
}
