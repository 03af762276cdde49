package dev.sightline.apps.shop;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The audit trail over AMQP 0-9-1: each order's event is published to the {@code shop.audit}
 * exchange, and a consumer on the {@code shop.audit} queue writes it to the database.
 */
final class AuditTrail implements AutoCloseable {

  static final String EXCHANGE = "shop.audit";
  static final String QUEUE = "shop.audit";

  private final Connection connection;
  private final Channel publishing;
  private final OrderDatabase database;

  AuditTrail(String uri, OrderDatabase database) throws Exception {
    this.database = database;
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    factory.setAutomaticRecoveryEnabled(true);
    connection = factory.newConnection("shop");
    publishing = connection.createChannel();
    publishing.exchangeDeclare(EXCHANGE, BuiltinExchangeType.FANOUT, true);
    publishing.queueDeclare(QUEUE, true, false, false, null);
    publishing.queueBind(QUEUE, EXCHANGE, "");
  }

  /** Starts the consumer that records each audit message. */
  void startConsumer() throws IOException {
    Channel consuming = connection.createChannel();
    consuming.basicQos(20);
    DeliverCallback record = (consumerTag, delivery) -> record(consuming, delivery);
    consuming.basicConsume(QUEUE, false, "shop-audit", record, consumerTag -> {});
  }

  void publish(String orderId, String event) throws IOException {
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
        .contentType("text/plain")
        .messageId(orderId)
        .appId("shop")
        .type(event)
        .build();
    // A channel is not to be shared by threads at the same time.
    synchronized (publishing) {
      publishing.basicPublish(EXCHANGE, "", properties, orderId.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void record(Channel channel, Delivery delivery) throws IOException {
    long tag = delivery.getEnvelope().getDeliveryTag();
    try {
      String orderId = new String(delivery.getBody(), StandardCharsets.UTF_8);
      String event = delivery.getProperties().getType();
      database.recordAudit(orderId, event == null ? "unknown" : event);
      channel.basicAck(tag, false);
    } catch (Exception e) {
      System.err.println("shop: could not record audit message: " + e);
      channel.basicNack(tag, false, false);
    }
  }

  /** At exit the embedded broker may already be stopping (see EmbeddedAmqpBroker): close without complaint. */
  @Override
  public void close() {
    connection.abort(5_000);
  }
}
