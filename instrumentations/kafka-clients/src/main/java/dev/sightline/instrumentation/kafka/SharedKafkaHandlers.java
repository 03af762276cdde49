package dev.sightline.instrumentation.kafka;

import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handler;

/**
 * Builds the Kafka handlers, which share their state, once and only at the first call of any
 * of them: none of the classes compiled against kafka-clients loads before the application
 * uses Kafka.
 */
final class SharedKafkaHandlers {

  private final Telemetry telemetry;
  private final boolean pollSpans;
  private KafkaHandlers handlers;

  SharedKafkaHandlers(Telemetry telemetry, boolean pollSpans) {
    this.telemetry = telemetry;
    this.pollSpans = pollSpans;
  }

  private synchronized KafkaHandlers get() {
    if (handlers == null) {
      handlers = new KafkaHandlers(telemetry, pollSpans);
    }
    return handlers;
  }

  Handler send() {
    return get().send();
  }

  Handler poll() {
    return get().poll();
  }

  Handler close() {
    return get().close();
  }

  Handler records() {
    return get().records();
  }
}
