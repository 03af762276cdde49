package dev.sightline.apps.war;

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
 * The audit trail over AMQP 0-9-1: each order's event is published to this webapp's exchange, and
 * a consumer on this webapp's queue writes it to the database. Exchange and queue delete
 * themselves once the webapp's connection is gone.
 */
final class AuditTrail implements AutoCloseable {

  private final Connection connection;
  private final Channel publishing;
  private final OrderDatabase database;
  private final String exchange;
  private final String queue;
  private final String appId;

  AuditTrail(WarAppConfig config, OrderDatabase database) throws Exception {
    this.database = database;
    this.exchange = config.exchange;
    this.queue = config.queue;
    this.appId = config.name;
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(config.amqpUri);
    factory.setAutomaticRecoveryEnabled(true);
    factory.setConnectionTimeout(10_000);
    connection = factory.newConnection(config.name);
    publishing = connection.createChannel();
    publishing.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, false, true, null);
    publishing.queueDeclare(queue, false, false, true, null);
    publishing.queueBind(queue, exchange, "");
  }

  /** Starts the consumer that records each audit message. */
  void startConsumer() throws IOException {
    Channel consuming = connection.createChannel();
    consuming.basicQos(20);
    DeliverCallback record = (consumerTag, delivery) -> record(consuming, delivery);
    consuming.basicConsume(queue, false, appId + "-audit", record, consumerTag -> { });
  }

  void publish(String orderId, String event) throws IOException {
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
        .contentType("text/plain")
        .messageId(orderId)
        .appId(appId)
        .type(event)
        .build();
    // A channel is not to be shared by threads at the same time.
    synchronized (publishing) {
      publishing.basicPublish(exchange, "", properties, orderId.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void record(Channel channel, Delivery delivery) throws IOException {
    long tag = delivery.getEnvelope().getDeliveryTag();
    try {
      String orderId = new String(delivery.getBody(), StandardCharsets.UTF_8);
      String event = delivery.getProperties().getType();
      database.recordAudit(orderId, event == null ? "unknown" : event);
      WarApp.log("audited order " + orderId);
      channel.basicAck(tag, false);
    } catch (Exception e) {
      WarApp.log("could not record audit message: " + e);
      channel.basicNack(tag, false, false);
    }
  }

  /** Closes the connection, its channels, its consumer and the client's threads. */
  @Override
  public void close() throws IOException {
    if (connection.isOpen()) {
      connection.close(5_000);
    } else {
      connection.abort(5_000);
    }
  }
}
