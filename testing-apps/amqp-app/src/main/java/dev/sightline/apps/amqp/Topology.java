package dev.sightline.apps.amqp;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Map;

/**
 * The exchange and queues of one run. Names carry the run's suffix so parallel runs never share
 * a queue; queues expire when unused, so a killed run leaves nothing behind for long.
 */
final class Topology {

  static final String CREATED = "created";
  static final String AUDIT = "audit";
  static final String BROADCAST = "broadcast";
  static final String PENDING = "pending";

  private static final Map<String, Object> EXPIRING = Map.of("x-expires", 300_000);

  final String exchange;
  final String createdQueue;
  final String auditQueue;
  final String pendingQueue;
  /** Server-named (amq.gen-...), for consumers that want a private copy of broadcasts. */
  String broadcastQueue;

  Topology(String suffix) {
    String tail = suffix.isEmpty() ? "" : "-" + suffix;
    exchange = "orders" + tail;
    createdQueue = "orders.created" + tail;
    auditQueue = "orders.audit" + tail;
    pendingQueue = "orders.pending" + tail;
  }

  void declare(Channel channel) throws IOException {
    channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, false, true, null);
    for (String[] binding :
        new String[][] {{createdQueue, CREATED}, {auditQueue, AUDIT}, {pendingQueue, PENDING}}) {
      channel.queueDeclare(binding[0], false, false, false, EXPIRING);
      channel.queueBind(binding[0], exchange, binding[1]);
    }
    broadcastQueue = channel.queueDeclare().getQueue();
    channel.queueBind(broadcastQueue, exchange, BROADCAST);
  }

  /** Which queue a route's messages land in, for the default-exchange route. */
  String queueFor(String route) {
    return switch (route) {
      case CREATED -> createdQueue;
      case AUDIT -> auditQueue;
      case PENDING -> pendingQueue;
      default -> throw new IllegalArgumentException("no queue for route " + route);
    };
  }

  void delete(Channel channel) {
    for (String queue : new String[] {createdQueue, auditQueue, pendingQueue}) {
      try {
        channel.queueDelete(queue);
      } catch (IOException | RuntimeException e) {
        System.err.println("amqp-app: could not delete queue " + queue + ": " + e);
      }
    }
    try {
      channel.exchangeDelete(exchange);
    } catch (IOException | RuntimeException e) {
      System.err.println("amqp-app: could not delete exchange " + exchange + ": " + e);
    }
  }
}
