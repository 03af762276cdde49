package dev.sightline.instrumentation.kafka;

import dev.sightline.agent.messaging.MessagingMetrics;
import dev.sightline.agent.telemetry.BoundedLabels;


/**
 * Kafka's side of the shared messaging client metrics (messages sent and consumed, send/poll
 * duration, processing duration): the metric families are the ones every messaging
 * instrumentation records into, so a service using Kafka and RabbitMQ exposes one of each.
 */
final class KafkaMetrics {

  private final MessagingMetrics shared;
  private final BoundedLabels topics = new BoundedLabels(200);
  private final BoundedLabels groups = new BoundedLabels(100);

  KafkaMetrics(MessagingMetrics shared) {
    this.shared = shared;
  }

  void sent(String topic, String errorType, double seconds) {
    shared.sent(MessagingAttributes.KAFKA, "send", topic, errorType);
    shared.operationDuration(MessagingAttributes.KAFKA, "send", topic, null, errorType, seconds);
  }

  void polled(String topic, String group, long count) {
    shared.consumed(MessagingAttributes.KAFKA, "poll", topic, groups.label(group), null, count);
  }

  void pollDuration(String topic, String group, String errorType, double seconds) {
    shared.operationDuration(MessagingAttributes.KAFKA, "poll", topic, groups.label(group), errorType, seconds);
  }

  void processed(String topic, String group, String errorType, double seconds) {
    shared.processDuration(MessagingAttributes.KAFKA, "process", topic, groups.label(group), errorType, seconds);
  }

  /** The lag gauge's own bounded labels. */
  String topicLabel(String topic) {
    return topics.label(topic);
  }

  String groupLabel(String group) {
    return groups.label(group);
  }
}
