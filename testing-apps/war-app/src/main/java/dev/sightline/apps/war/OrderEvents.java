package dev.sightline.apps.war;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/** The "order placed" events on this webapp's Kafka topic, keyed by order id. */
final class OrderEvents implements AutoCloseable {

  private final KafkaProducer<String, String> producer;
  private final String topic;

  OrderEvents(WarAppConfig config) {
    this.topic = config.topic;
    Properties settings = new Properties();
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap);
    settings.put(ProducerConfig.CLIENT_ID_CONFIG, config.name + "-orders");
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    // Serializer instances, not class names: nothing for Kafka to look up through a class loader.
    producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
  }

  /** Creates the topic unless it exists, so the first order does not wait for auto-creation. */
  static void ensureTopic(WarAppConfig config) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap,
        AdminClientConfig.CLIENT_ID_CONFIG, config.name + "-admin",
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
      admin.createTopics(List.of(new NewTopic(config.topic, 1, (short) 1))).all().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        WarApp.log("could not create topic " + config.topic + ": " + e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      WarApp.log("could not create topic " + config.topic + ": " + e);
    }
  }

  /** Sends and waits for the broker's acknowledgement. */
  RecordMetadata orderPlaced(String orderId, String json) throws Exception {
    return producer.send(new ProducerRecord<>(topic, orderId, json)).get(15, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
