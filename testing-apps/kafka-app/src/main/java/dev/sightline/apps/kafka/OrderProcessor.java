package dev.sightline.apps.kafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The consumer loop: stores each order, then notifies the downstream service. */
final class OrderProcessor implements Runnable {

  static final List<String> STYLES = List.of("loop", "partitions", "topic", "lambda", "worker");

  private final KafkaConsumer<String, String> consumer;
  private final String style;
  private final String topic;
  private final OrderStore store;
  private final URI downstream;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private volatile boolean running = true;
  private final ExecutorService worker = Executors.newSingleThreadExecutor();

  OrderProcessor(String bootstrap, String topic, String group, String style, OrderStore store, String downstream) {
    this.topic = topic;
    this.style = style;
    this.store = store;
    this.downstream = URI.create(downstream);
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "order-processor");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumer = new KafkaConsumer<>(config);
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(topic));
      while (running) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        handle(records);
      }
    } catch (WakeupException e) {
      // stop() was called
    } finally {
      consumer.close();
      worker.shutdownNow();
    }
  }

  private void handle(ConsumerRecords<String, String> records) {
    switch (style) {
      case "partitions" -> {
        for (TopicPartition partition : records.partitions()) {
          for (ConsumerRecord<String, String> record : records.records(partition)) {
            process(record);
          }
        }
      }
      case "topic" -> {
        for (ConsumerRecord<String, String> record : records.records(topic)) {
          process(record);
        }
      }
      case "lambda" -> records.forEach(this::process);
      case "worker" -> handOver(records);
      default -> {
        for (ConsumerRecord<String, String> record : records) {
          process(record);
        }
      }
    }
  }

  /**
   * A worker thread takes each partition's records and stops after the first one (as code that
   * looks for one record does); the worker's next task, a count with no request behind it, must
   * not run under that record's span.
   */
  private void handOver(ConsumerRecords<String, String> records) {
    try {
      for (TopicPartition partition : records.partitions()) {
        worker.submit(() -> {
          for (ConsumerRecord<String, String> record : records.records(partition)) {
            process(record);
            break;
          }
        }).get();
      }
      if (!records.isEmpty()) {
        int stored = worker.submit(store::count).get();
        System.out.println("worker count after hand-over: " + stored);
      }
    } catch (Exception e) {
      System.out.println("hand-over failed: " + e);
    }
  }

  private void process(ConsumerRecord<String, String> record) {
    String orderId = record.key() == null ? "offset-" + record.offset() : record.key();
    try {
      store.save(orderId, record.value(), record.partition(), record.offset());
      HttpRequest notify = HttpRequest.newBuilder(URI.create(downstream + "?order=" + orderId))
          .timeout(Duration.ofSeconds(5))
          .POST(HttpRequest.BodyPublishers.ofString(orderId, StandardCharsets.UTF_8))
          .build();
      int status = http.send(notify, HttpResponse.BodyHandlers.discarding()).statusCode();
      System.out.println("processed order " + orderId + " (offset " + record.offset() + ", downstream " + status + ")");
    } catch (Exception e) {
      System.out.println("order " + orderId + " failed: " + e);
    }
  }

  void stop() {
    running = false;
    consumer.wakeup();
  }
}
