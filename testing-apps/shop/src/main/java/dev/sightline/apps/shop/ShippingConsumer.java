package dev.sightline.apps.shop;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The warehouse: takes "order placed" events from Kafka and marks each order shipped. */
final class ShippingConsumer implements Runnable {

  static final String GROUP = "shop-shipping";

  private final KafkaConsumer<String, String> consumer;
  private final OrderDatabase database;
  private volatile boolean running = true;

  ShippingConsumer(String bootstrap, OrderDatabase database) {
    this.database = database;
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "shop-shipping");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumer = new KafkaConsumer<>(config);
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(OrderEvents.TOPIC));
      while (running) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, String> record : records) {
          ship(record);
        }
      }
    } catch (WakeupException e) {
      // stop() was called
    } catch (RuntimeException e) {
      System.err.println("shop: shipping consumer stopped: " + e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void ship(ConsumerRecord<String, String> record) {
    try {
      if (record.key() != null) {
        database.markShipped(record.key());
      }
    } catch (Exception e) {
      System.err.println("shop: could not ship order " + record.key() + ": " + e);
    }
  }

  void stop() {
    running = false;
    consumer.wakeup();
  }
}
