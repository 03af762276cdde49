package dev.sightline.instrumentation.rabbitmq;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Which queue and broker each consumer object was registered for with {@code basicConsume}: a
 * delivery names its exchange and routing key, not its queue. Weak keys: a cancelled and
 * dropped consumer leaves nothing behind.
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

  private final Map<Object, Subscription> byConsumer = Collections.synchronizedMap(new WeakHashMap<>());

  void put(Object consumer, Subscription subscription) {
    if (consumer != null && subscription != null) {
      byConsumer.put(consumer, subscription);
    }
  }

  Subscription of(Object consumer) {
    return consumer == null ? null : byConsumer.get(consumer);
  }
}
