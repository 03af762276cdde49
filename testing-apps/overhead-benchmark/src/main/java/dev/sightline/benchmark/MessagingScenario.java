package dev.sightline.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One load tool run as it ships, with its own main class and options: what to start, and how to
 * read what it prints. Every scenario sends {@code --message-bytes} payloads (100 by default).
 */
enum MessagingScenario {

  KAFKA_PRODUCE("kafka-produce", "Kafka produce, full speed (ProducerPerformance)",
      MessagingTool.Kind.KAFKA_TOOLS, "org.apache.kafka.tools.ProducerPerformance", "kafka-producer-perf",
      List.of(MessagingProducerPerfOutput.RECORDS_PER_SECOND)) {
    @Override
    List<String> arguments(MessagingOptions options, String bootstrap, String topic) {
      // More records than any variant sends in the window: the window, not a count, ends the run.
      return List.of("--bootstrap-server", bootstrap, "--topic", topic, "--num-records", "1000000000",
          "--record-size", Integer.toString(options.messageBytes()), "--throughput", "-1",
          "--reporting-interval", "1000");
    }

    @Override
    MessagingToolOutput output(MessagingOptions options) {
      return new MessagingProducerPerfOutput(options.warmupSeconds(), options.measureSeconds());
    }
  },

  KAFKA_CONSUME("kafka-consume", "Kafka consume, full speed (ConsumerPerformance)",
      MessagingTool.Kind.KAFKA_TOOLS, "org.apache.kafka.tools.ConsumerPerformance", "kafka-consumer-perf",
      List.of(MessagingConsumerPerfOutput.MESSAGES_PER_SECOND)) {
    @Override
    List<String> arguments(MessagingOptions options, String bootstrap, String topic) {
      // Its default group is new on every start, so each run reads the pre-filled topic from the start.
      return List.of("--bootstrap-server", bootstrap, "--topic", topic,
          "--num-records", Long.toString(options.kafkaConsumeRecords()),
          "--show-detailed-stats", "--reporting-interval", "1000", "--timeout", "30000");
    }

    @Override
    MessagingToolOutput output(MessagingOptions options) {
      return new MessagingConsumerPerfOutput(options.warmupSeconds(), options.measureSeconds());
    }
  },

  KAFKA_END_TO_END("kafka-e2e", "Kafka produce-to-consume round trip, one at a time (EndToEndLatency)",
      MessagingTool.Kind.KAFKA_TOOLS, "org.apache.kafka.tools.EndToEndLatency", "kafka-e2e-latency",
      List.of(MessagingEndToEndOutput.AVERAGE, MessagingEndToEndOutput.P50, MessagingEndToEndOutput.P99)) {
    @Override
    List<String> arguments(MessagingOptions options, String bootstrap, String topic) {
      return List.of("--bootstrap-server", bootstrap, "--topic", topic,
          "--num-records", Long.toString(options.kafkaEndToEndRecords()), "--producer-acks", "1",
          "--record-size", Integer.toString(options.messageBytes()));
    }

    @Override
    MessagingToolOutput output(MessagingOptions options) {
      return new MessagingEndToEndOutput();
    }
  },

  RABBIT("rabbit", "RabbitMQ publish + consume, full speed (PerfTest -x 1 -y 1)",
      MessagingTool.Kind.PERF_TEST, "com.rabbitmq.perf.PerfTest", "rabbitmq-perf-test",
      List.of(MessagingPerfTestOutput.PUBLISHED, MessagingPerfTestOutput.CONSUMED)) {
    @Override
    List<String> arguments(MessagingOptions options, String uri, String unused) {
      return perfTest(options, uri);
    }

    @Override
    MessagingToolOutput output(MessagingOptions options) {
      return new MessagingPerfTestOutput(options.warmupSeconds(), options.measureSeconds());
    }
  },

  RABBIT_LATENCY("rabbit-latency", "RabbitMQ consumer latency at a capped rate (PerfTest --rate)",
      MessagingTool.Kind.PERF_TEST, "com.rabbitmq.perf.PerfTest", "rabbitmq-perf-test",
      List.of(MessagingPerfTestOutput.CONSUMED, MessagingPerfTestOutput.LATENCY_P50,
          MessagingPerfTestOutput.LATENCY_P95, MessagingPerfTestOutput.LATENCY_P99)) {
    @Override
    List<String> arguments(MessagingOptions options, String uri, String unused) {
      List<String> args = new ArrayList<>(perfTest(options, uri));
      args.addAll(List.of("--rate", Integer.toString(options.rabbitCappedRate())));
      return args;
    }

    @Override
    MessagingToolOutput output(MessagingOptions options) {
      return new MessagingPerfTestOutput(options.warmupSeconds(), options.measureSeconds());
    }
  };

  private final String id;
  private final String label;
  private final MessagingTool.Kind tool;
  private final String mainClass;
  private final String serviceName;
  private final List<MessagingMetric> metrics;

  MessagingScenario(String id, String label, MessagingTool.Kind tool, String mainClass,
      String serviceName, List<MessagingMetric> metrics) {
    this.id = id;
    this.label = label;
    this.tool = tool;
    this.mainClass = mainClass;
    this.serviceName = serviceName;
    this.metrics = metrics;
  }

  /** The tool's arguments; {@code target} is the Kafka bootstrap or the AMQP URI. */
  abstract List<String> arguments(MessagingOptions options, String target, String topic);

  abstract MessagingToolOutput output(MessagingOptions options);

  /**
   * PerfTest ends by itself after -z seconds (whole seconds); one more than warm-up plus window,
   * since its first line comes a second after it starts sending.
   */
  private static List<String> perfTest(MessagingOptions options, String uri) {
    int seconds = (int) Math.ceil(options.warmupSeconds() + options.measureSeconds()) + 1;
    return List.of("--uri", uri, "--producers", "1", "--consumers", "1",
        "--size", Integer.toString(options.messageBytes()), "--time", Integer.toString(seconds));
  }

  /** How long a run may take before it is stopped as hung. */
  double timeoutSeconds(MessagingOptions options) {
    return this == KAFKA_END_TO_END ? 600 : options.warmupSeconds() + options.measureSeconds() + 120;
  }

  boolean usesKafka() {
    return tool == MessagingTool.Kind.KAFKA_TOOLS;
  }

  String id() {
    return id;
  }

  String label() {
    return label;
  }

  MessagingTool.Kind tool() {
    return tool;
  }

  String mainClass() {
    return mainClass;
  }

  String serviceName() {
    return serviceName;
  }

  List<MessagingMetric> metrics() {
    return metrics;
  }

  static MessagingScenario of(String id) {
    return Arrays.stream(values()).filter(scenario -> scenario.id.equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown scenario " + id + " (known: "
            + String.join(",", ids()) + ")"));
  }

  static List<String> ids() {
    return Arrays.stream(values()).map(MessagingScenario::id).toList();
  }
}
