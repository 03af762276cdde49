package dev.sightline.apps.war;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The warehouse: a thread of the webapp takes "order placed" events and marks each order shipped. */
final class ShippingConsumer implements AutoCloseable {

  private final KafkaConsumer<String, String> consumer;
  private final OrderDatabase database;
  private final String topic;
  private final ExecutorService thread;
  private volatile boolean running = true;

  ShippingConsumer(WarAppConfig config, OrderDatabase database) {
    this.database = database;
    this.topic = config.topic;
    Properties settings = new Properties();
    settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap);
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.group);
    settings.put(ConsumerConfig.CLIENT_ID_CONFIG, config.name + "-shipping");
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
    String name = config.name + "-shipping";
    thread = Executors.newSingleThreadExecutor(task -> new Thread(task, name));
    thread.execute(this::run);
  }

  @SuppressWarnings("deprecation") // close(Duration): deprecated in kafka-clients 4, the only bounded close in 3.x
  private void run() {
    try {
      consumer.subscribe(List.of(topic));
      while (running) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          ship(record);
        }
      }
    } catch (WakeupException e) {
      // close() was called
    } catch (RuntimeException e) {
      WarApp.log("shipping consumer stopped: " + e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void ship(ConsumerRecord<String, String> record) {
    try {
      if (record.key() != null && database.markShipped(record.key())) {
        WarApp.log("shipped order " + record.key() + " (offset " + record.offset() + ")");
      }
    } catch (Exception e) {
      WarApp.log("could not ship order " + record.key() + ": " + e);
    }
  }

  /** Stops polling, closes the consumer and waits for its thread to end. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    thread.shutdown();
    try {
      if (!thread.awaitTermination(15, TimeUnit.SECONDS)) {
        WarApp.log("shipping consumer thread did not stop within 15 s");
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.shutdownNow();
    }
  }
}
