package dev.sightline.apps.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** Publishes orders with properties and headers of the application's own. */
final class Publisher {

  private final Channel channel;
  private final Topology topology;

  Publisher(Channel channel, Topology topology) {
    this.channel = channel;
    this.topology = topology;
  }

  /**
   * Publishes to the app's exchange with the route as routing key, or with {@code viaDefault} to
   * the default exchange straight into the route's queue. Returns the message id.
   */
  String publish(String route, boolean viaDefault, String body) throws IOException {
    String messageId = UUID.randomUUID().toString();
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .contentType("text/plain")
            .contentEncoding("utf-8")
            .appId("amqp-app")
            .messageId(messageId)
            .deliveryMode(1)
            .headers(Map.of("x-app", "amqp-app", "x-route", route))
            .build();
    String exchange = viaDefault ? "" : topology.exchange;
    String routingKey = viaDefault ? topology.queueFor(route) : route;
    // A channel must not be used by several threads at once.
    synchronized (channel) {
      channel.basicPublish(exchange, routingKey, properties, body.getBytes(StandardCharsets.UTF_8));
    }
    return messageId;
  }
}
