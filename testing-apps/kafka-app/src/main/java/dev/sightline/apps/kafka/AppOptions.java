package dev.sightline.apps.kafka;

import java.util.Map;

/** Command line and environment settings; arguments win over environment variables. */
record AppOptions(int port, String bootstrap, String topic, String group, String consumeStyle) {

  static AppOptions parse(String[] args, Map<String, String> env) {
    String port = env.getOrDefault("KAFKA_APP_PORT", "8080");
    String bootstrap = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    String topic = env.getOrDefault("KAFKA_APP_TOPIC", "orders");
    String group = env.getOrDefault("KAFKA_APP_GROUP", "order-processor");
    String consumeStyle = env.getOrDefault("KAFKA_APP_CONSUME_STYLE", "loop");
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      switch (args[i++]) {
        case "--port" -> port = value;
        case "--bootstrap" -> bootstrap = value;
        case "--topic" -> topic = value;
        case "--group" -> group = value;
        case "--consume-style" -> consumeStyle = value;
        default -> throw new IllegalArgumentException("unknown argument " + args[i - 1]);
      }
    }
    if (!OrderProcessor.STYLES.contains(consumeStyle)) {
      throw new IllegalArgumentException("--consume-style must be one of " + OrderProcessor.STYLES);
    }
    return new AppOptions(Integer.parseInt(port.trim()), bootstrap, topic, group, consumeStyle);
  }
}
