package dev.sightline.instrumentation.rabbitmq;

import dev.sightline.agent.telemetry.WeakIdentityMap;

/**
 * Which queue and broker each consumer object was registered for with {@code basicConsume}: a
 * delivery names its exchange and routing key, not its queue. Weak identity keys: a cancelled and
 * dropped consumer leaves nothing behind, and an application consumer's own equals() never
 * makes two consumers share an entry.
 */
final class Subscriptions {

  static final class Subscription {
    final String queue;
    final BrokerAddress broker;

    Subscription(String queue, BrokerAddress broker) {
      this.queue = queue;
      this.broker = broker;
    }
  }

  private final WeakIdentityMap<Object, Subscription> byConsumer = new WeakIdentityMap<>();

  void put(Object consumer, Subscription subscription) {
    if (consumer != null && subscription != null) {
      byConsumer.put(consumer, subscription);
    }
  }

  Subscription of(Object consumer) {
    return byConsumer.get(consumer);
  }
}
