package dev.sightline.apps.shop;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The main job's application: a small shop with no tracing code that uses every library the agent
 * instruments. {@code POST /orders} calls {@code /pricing} (java.net.http) and {@code /inventory}
 * (HttpURLConnection), inserts the order with JDBC, sends an event to Kafka and publishes an audit
 * message over AMQP; a Kafka consumer marks the order shipped and an AMQP consumer records the audit
 * message, both with JDBC.
 *
 * <p>With no addresses given it runs on embedded defaults: H2 in memory, a KRaft Kafka broker and a
 * Qpid AMQP broker in this JVM. {@code --jdbc-url}, {@code --kafka-bootstrap} and {@code --amqp-uri}
 * switch to real ones (see {@link ShopOptions#USAGE}).
 */
public final class ShopApp {

  private ShopApp() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(ShopOptions.USAGE);
      return;
    }
    ShopOptions options;
    try {
      options = ShopOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("shop: " + e.getMessage());
      System.err.println(ShopOptions.USAGE);
      System.exit(2);
      return;
    }
    try {
      run(options);
    } catch (Exception | Error e) {
      // The brokers' threads would keep a half-started shop alive: exit, the shutdown hook cleans up.
      System.err.println("shop: could not start: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(ShopOptions options) throws Exception {
    long started = System.nanoTime();
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(resources), "shop-shutdown"));

    // The two brokers start side by side: together they are most of the start-up time.
    CompletableFuture<EmbeddedKafka> kafka = options.kafkaBootstrap() != null ? null
        : CompletableFuture.supplyAsync(() -> timed("embedded Kafka broker (KRaft, in process)", EmbeddedKafka::start));
    CompletableFuture<EmbeddedAmqpBroker> amqp = options.amqpUri() != null ? null
        : CompletableFuture.supplyAsync(() -> timed("embedded AMQP 0-9-1 broker (Qpid Broker-J, in process)", EmbeddedAmqpBroker::start));

    String jdbcUrl = options.jdbcUrl() != null ? options.jdbcUrl() : OrderDatabase.EMBEDDED_URL;
    OrderDatabase database = timed("database " + redact(jdbcUrl), () -> OrderDatabase.open(jdbcUrl));

    String bootstrap = options.kafkaBootstrap();
    if (kafka != null) {
      EmbeddedKafka broker = kafka.join();
      resources.push(broker);
      bootstrap = broker.bootstrap();
    }
    String amqpUri = options.amqpUri();
    if (amqp != null) {
      EmbeddedAmqpBroker broker = amqp.join();
      resources.push(broker);
      amqpUri = broker.uri();
    }

    String kafkaBootstrap = bootstrap;
    String brokerUri = amqpUri;
    OrderEvents events = timed("Kafka producer and topic " + OrderEvents.TOPIC + " at " + kafkaBootstrap, () -> {
      OrderEvents.ensureTopic(kafkaBootstrap);
      return new OrderEvents(kafkaBootstrap);
    });
    resources.push(events);
    ShippingConsumer shipping = new ShippingConsumer(kafkaBootstrap, database);
    Thread shippingThread = new Thread(shipping, "shop-shipping");
    shippingThread.start();
    resources.push(() -> {
      shipping.stop();
      shippingThread.join(10_000);
    });
    AuditTrail audit = timed("AMQP connection and queue " + AuditTrail.QUEUE + " at " + redact(brokerUri), () -> {
      AuditTrail trail = new AuditTrail(brokerUri, database);
      trail.startConsumer();
      return trail;
    });
    resources.push(audit);

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", options.port()), 0);
    int port = server.getAddress().getPort();
    String base = "http://127.0.0.1:" + port;
    String inventory = options.inventoryUrl() != null ? options.inventoryUrl() : base;
    server.createContext("/orders", new OrdersRoute(new ShopClients(base, inventory), database, events, audit));
    server.createContext("/pricing", new PricingRoute());
    server.createContext("/inventory", new InventoryRoute());
    ExecutorService workers = workerPool();
    server.setExecutor(workers);
    server.start();
    resources.push(() -> {
      server.stop(0);
      workers.shutdownNow();
    });

    if (options.load()) {
      LoadLoop load = new LoadLoop(base, options.loadRate());
      Thread loadThread = new Thread(load, "shop-load");
      loadThread.setDaemon(true);
      loadThread.start();
      resources.push(() -> {
        load.stop();
        loadThread.join(5_000); // its last order finishes before the server stops
      });
      System.out.println("shop: --load sends " + options.loadRate() + " orders/s to itself (~15% of them fail)");
    }

    System.out.printf(Locale.ROOT, "shop listening on port %d (started in %.1f s)%n", port, seconds(started));
    System.out.println("shop: try  curl -X POST localhost:" + port + "/orders -d '{\"product\":\"book\",\"quantity\":2}'");
    System.out.flush();
    new CountDownLatch(1).await();
  }

  interface Step<T> {
    T run() throws Exception;
  }

  /** Runs one start-up step and prints how long it took: start-up time is part of the demo. */
  static <T> T timed(String what, Step<T> step) {
    long started = System.nanoTime();
    try {
      T result = step.run();
      System.out.printf(Locale.ROOT, "shop: %s ready in %.1f s%n", what, seconds(started));
      return result;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(what + " failed to start: " + e, e);
    }
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** Passwords never reach the console. */
  static String redact(String address) {
    return address.replaceAll("(://[^:/@]+):[^@/]*@", "$1:****@").replaceAll("(?i)(password=)[^&;]*", "$1****");
  }

  private static void closeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        System.err.println("shop: shutdown step failed: " + e);
      }
    }
  }

  private static ExecutorService workerPool() {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(16, task -> {
      Thread thread = new Thread(task, "shop-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }
}
