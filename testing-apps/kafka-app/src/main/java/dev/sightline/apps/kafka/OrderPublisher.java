package dev.sightline.apps.kafka;

import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes orders; short timeouts so that a broker outage turns into a quick error answer. */
final class OrderPublisher implements AutoCloseable {

  private final String topic;
  private final KafkaProducer<String, String> producer;

  OrderPublisher(String bootstrap, String topic) {
    this.topic = topic;
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "order-publisher");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
    config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producer = new KafkaProducer<>(config);
  }

  /** Completes with the record's metadata once the broker has it, or with the failure. */
  CompletableFuture<RecordMetadata> publish(String orderId, String body) {
    CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
    try {
      producer.send(new ProducerRecord<>(topic, orderId, body), (metadata, error) -> {
        if (error != null) {
          acknowledged.completeExceptionally(error);
        } else {
          acknowledged.complete(metadata);
        }
      });
    } catch (RuntimeException e) {
      acknowledged.completeExceptionally(e);
    }
    return acknowledged;
  }

  @Override
  public void close() {
    producer.close();
  }
}
