package dev.sightline.apps.kafka;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An order service with no tracing code: {@code POST /orders} publishes an order to Kafka, a
 * consumer thread stores each order in a database and notifies {@code /downstream}.
 *
 * <p>Usage: {@code KafkaApp [--port N] [--bootstrap HOST:PORT] [--topic T] [--group G]
 * [--consume-style loop|partitions|topic|lambda|worker]} (env: KAFKA_APP_PORT, KAFKA_BOOTSTRAP_SERVERS,
 * KAFKA_APP_TOPIC, KAFKA_APP_GROUP, KAFKA_APP_CONSUME_STYLE). The consume styles are the ways
 * applications commonly walk a poll's records.
 */
public final class KafkaApp {

  private KafkaApp() {}

  public static void main(String[] args) throws Exception {
    AppOptions options = AppOptions.parse(args, System.getenv());
    OrderStore store = OrderStore.open("jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1");

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", options.port()), 0);
    int port = server.getAddress().getPort();
    OrderPublisher publisher = new OrderPublisher(options.bootstrap(), options.topic());
    server.createContext("/orders", new OrdersRoute(publisher, store));
    server.createContext("/downstream", new DownstreamRoute());
    server.setExecutor(workerPool());
    server.start();

    OrderProcessor processor = new OrderProcessor(
        options.bootstrap(), options.topic(), options.group(), options.consumeStyle(), store, "http://127.0.0.1:" + port + "/downstream");
    Thread consumerThread = new Thread(processor, "order-processor");
    consumerThread.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      processor.stop();
      publisher.close();
      server.stop(0);
    }, "kafka-app-shutdown"));

    System.out.println("kafka-app listening on port " + port + " (kafka " + options.bootstrap()
        + ", topic " + options.topic() + ", group " + options.group() + ")");
    System.out.flush();
    new CountDownLatch(1).await();
  }

  private static ExecutorService workerPool() {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(4, task -> {
      Thread thread = new Thread(task, "kafka-app-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }
}
