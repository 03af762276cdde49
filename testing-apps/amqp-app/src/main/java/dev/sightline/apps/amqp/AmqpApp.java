package dev.sightline.apps.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import com.sun.net.httpserver.HttpServer;
import example.orders.CreatedOrdersConsumer;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small service with no tracing code: {@code POST /messages} publishes an order to RabbitMQ;
 * a DefaultConsumer and DeliverCallback consumers store each message in H2 and call this
 * service's {@code /downstream}; {@code GET /get} polls a queue; {@code GET /received} shows what
 * the consumers saw.
 */
public final class AmqpApp {

  private AmqpApp() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    AppOptions options;
    try {
      options = AppOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("amqp-app: " + e.getMessage());
      System.err.println(AppOptions.USAGE);
      System.exit(2);
      return;
    }

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", options.port()), 0);
    int port = server.getAddress().getPort();

    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(options.amqpHost());
    factory.setPort(options.amqpPort());
    factory.setUsername(options.user());
    factory.setPassword(options.password());
    factory.setAutomaticRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(options.recoveryMillis());
    Connection connection = factory.newConnection("amqp-app" + (options.suffix().isEmpty() ? "" : "-" + options.suffix()));

    Topology topology = new Topology(options.suffix());
    Channel admin = connection.createChannel();
    topology.declare(admin);

    OrderStore store = new OrderStore();
    MessageProcessor processor = new MessageProcessor(store, "http://127.0.0.1:" + port + "/downstream");

    Channel createdChannel = connection.createChannel();
    createdChannel.basicQos(10);
    createdChannel.basicConsume(
        topology.createdQueue, false, new CreatedOrdersConsumer(createdChannel, processor, topology.createdQueue));

    Channel auditChannel = connection.createChannel();
    auditChannel.basicQos(10);
    auditChannel.basicConsume(topology.auditQueue, false, callback(auditChannel, processor, topology.auditQueue), tag -> {});
    String broadcastQueue = topology.broadcastQueue;
    auditChannel.basicConsume(broadcastQueue, false, callback(auditChannel, processor, broadcastQueue), tag -> {});

    Publisher publisher = new Publisher(connection.createChannel(), topology);
    Channel pollChannel = connection.createChannel();

    server.createContext("/messages", new Routes.Messages(publisher));
    server.createContext("/get", new Routes.Get(pollChannel, topology.pendingQueue));
    server.createContext("/received", new Routes.ReceivedMessages(store));
    server.createContext("/downstream", new Routes.Downstream());
    server.setExecutor(workerPool());
    server.start();

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      try {
        topology.delete(admin);
        connection.close(5_000);
      } catch (Exception e) {
        System.err.println("amqp-app: clean shutdown failed: " + e);
      }
    }, "amqp-app-shutdown"));

    System.out.println("amqp-app listening on port " + port + " (exchange " + topology.exchange + ")");
    System.out.flush();
    new CountDownLatch(1).await();
  }

  /** The lambda consumer style: basicConsume with a DeliverCallback. */
  private static DeliverCallback callback(Channel channel, MessageProcessor processor, String queue) {
    return (consumerTag, delivery) -> {
      try {
        processor.process("DeliverCallback", queue, delivery.getEnvelope(), delivery.getProperties(), delivery.getBody());
        channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
      } catch (Exception e) {
        System.err.println("amqp-app: processing failed: " + e);
        channel.basicNack(delivery.getEnvelope().getDeliveryTag(), false, false);
      }
    };
  }

  private static ExecutorService workerPool() {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(8, task -> {
      Thread thread = new Thread(task, "amqp-app-worker-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }
}
