package dev.sightline.instrumentation.kafka;

import io.opentelemetry.api.common.AttributeKey;

/** The messaging semantic-convention attribute keys (Kafka flavour) the spans carry. */
final class MessagingAttributes {

  static final String KAFKA = "kafka";

  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
  private static final String[] PARTITION_IDS = new String[1_024];

  static {
    for (int i = 0; i < PARTITION_IDS.length; i++) {
      PARTITION_IDS[i] = Integer.toString(i);
    }
  }
  static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
  static final AttributeKey<String> CLIENT_ID = AttributeKey.stringKey("messaging.client.id");
  static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
  static final AttributeKey<Boolean> TOMBSTONE = AttributeKey.booleanKey("messaging.kafka.message.tombstone");
  static final AttributeKey<Long> BODY_SIZE = AttributeKey.longKey("messaging.message.body.size");
  static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

  private MessagingAttributes() {}

  /** Exception class names are the conventions' error.type for failures without a code. */
  static String errorType(Throwable error) {
    return error == null ? null : error.getClass().getName();
  }

  /**
   * What the application's listener threw: frameworks wrap it in their own
   * {@code ListenerExecutionFailedException}, which says nothing about the failure itself.
   */
  static Throwable listenerCause(Throwable error) {
    Throwable cause = error;
    for (int i = 0; i < 5 && cause.getCause() != null && cause.getClass().getName().endsWith(".ListenerExecutionFailedException"); i++) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** A partition number as its attribute value, a shared string for the common ones (one per record otherwise). */
  static String partition(int partition) {
    return partition >= 0 && partition < PARTITION_IDS.length ? PARTITION_IDS[partition] : Integer.toString(partition);
  }
}
