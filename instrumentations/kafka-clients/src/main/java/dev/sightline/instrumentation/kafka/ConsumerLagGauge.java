package dev.sightline.instrumentation.kafka;

import dev.sightline.bootstrap.AgentLog;
import dev.sightline.agent.telemetry.Telemetry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * {@code messaging_kafka_consumer_lag}: the lag, in messages, of each partition a live consumer
 * is assigned, read at scrape time from the consumer's own {@code records-lag} client metric
 * (its metrics map is a live, thread-safe view, so reading it from the scrape thread is safe).
 */
final class ConsumerLagGauge {

  private static final String GROUP = "consumer-fetch-manager-metrics";
  private static final String LAG = "records-lag";

  private ConsumerLagGauge() {}

  /**
   * Adds this copy's consumers to the lag family; the returned source must stay reachable as
   * long as the copy (the family holds it weakly).
   */
  static Supplier<Map<List<String>, Double>> register(Telemetry telemetry, KafkaClients clients, KafkaMetrics metrics) {
    Supplier<Map<List<String>, Double>> source = () -> read(clients, metrics);
    try {
      telemetry
          .sharedGauge(
              "messaging_kafka_consumer_lag",
              "Messages the consumer is behind the end of each assigned partition (Kafka's records-lag).",
              "messaging_destination_name",
              "messaging_destination_partition_id",
              "messaging_consumer_group_name")
          .add(source);
    } catch (RuntimeException e) {
      AgentLog.warnOnce("kafka-lag-register", "the Kafka consumer lag gauge could not be registered", e);
    }
    return source;
  }

  /**
   * Labels to lag; two consumers reporting one partition (a rebalance in flight) keep the larger.
   * Kafka publishes each partition's lag twice, under the topic's name and under a legacy form
   * with dots turned into underscores (Kafka treats the two spellings as colliding names): the
   * two fold into one series under the real name, the one that keeps its dots.
   */
  private static Map<List<String>, Double> read(KafkaClients clients, KafkaMetrics metrics) {
    Map<List<String>, PartitionLag> byPartition = new HashMap<>();
    for (Map.Entry<Object, ClientInfo> entry : clients.consumers()) {
      if (!(entry.getKey() instanceof Consumer)) {
        continue;
      }
      try {
        Map<MetricName, ? extends Metric> consumerMetrics = ((Consumer<?, ?>) entry.getKey()).metrics();
        for (Map.Entry<MetricName, ? extends Metric> metric : consumerMetrics.entrySet()) {
          MetricName name = metric.getKey();
          if (!LAG.equals(name.name()) || !GROUP.equals(name.group())) {
            continue;
          }
          String topic = name.tags().get("topic");
          String partition = name.tags().get("partition");
          Object value = metric.getValue().metricValue();
          if (topic == null || partition == null || !(value instanceof Number)) {
            continue;
          }
          double lag = ((Number) value).doubleValue();
          if (Double.isNaN(lag) || Double.isInfinite(lag)) {
            continue;
          }
          String group = entry.getValue().groupId;
          byPartition
              .computeIfAbsent(Arrays.asList(topic.replace('.', '_'), partition, group), key -> new PartitionLag())
              .add(topic, lag);
        }
      } catch (RuntimeException e) {
        AgentLog.warnOnce("kafka-lag-read", "could not read a Kafka consumer's lag metrics", e);
      }
    }
    Map<List<String>, Double> lags = new HashMap<>();
    for (Map.Entry<List<String>, PartitionLag> partition : byPartition.entrySet()) {
      List<String> key = partition.getKey();
      PartitionLag lag = partition.getValue();
      lags.merge(
          Arrays.asList(metrics.topicLabel(lag.topic), key.get(1), metrics.groupLabel(key.get(2))), lag.lag, Math::max);
    }
    return lags;
  }

  /** One partition's lag and the spelling of its topic that keeps the dots. */
  private static final class PartitionLag {
    String topic;
    double lag;

    void add(String spelling, double value) {
      if (topic == null || spelling.indexOf('.') >= 0) {
        topic = spelling;
      }
      lag = Math.max(lag, value);
    }
  }
}
