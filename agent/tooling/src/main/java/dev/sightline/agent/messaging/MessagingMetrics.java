package dev.sightline.agent.messaging;

import dev.sightline.agent.telemetry.MetricChildren;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The messaging client metrics of the OpenTelemetry conventions, in Prometheus naming, shared
 * by every messaging system: {@code messaging.client.sent.messages},
 * {@code messaging.client.consumed.messages}, {@code messaging.client.operation.duration} and
 * {@code messaging.process.duration}. All four carry the same bounded label set; destination
 * names go through {@link DestinationNames} so generated queue names cannot grow it.
 *
 * <p>The duration histograms keep exemplars: the trace of the span current when a duration is
 * recorded, if any ({@code TraceExemplars}). The counters have none.
 *
 * <p>One instance, owned by {@code Telemetry}: Kafka and RabbitMQ record into the same families,
 * so a service using both exposes one of each.
 */
public final class MessagingMetrics {

  /** The conventions' advised boundaries for messaging durations, in seconds. */
  static final double[] DURATION_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10
  };

  static final String[] LABELS = {
    "messaging_system",
    "messaging_operation_name",
    "messaging_destination_name",
    "messaging_consumer_group_name",
    "error_type"
  };

  private final DestinationNames destinations = new DestinationNames();
  private final MetricChildren<CounterDataPoint> sent;
  private final MetricChildren<CounterDataPoint> consumed;
  private final MetricChildren<DistributionDataPoint> operationDuration;
  private final MetricChildren<DistributionDataPoint> processDuration;

  public MessagingMetrics(PrometheusRegistry registry) {
    sent = new MetricChildren<>(
        Counter.builder()
                .name("messaging_client_sent_messages_total")
                .help("Messages a producer attempted to send to the broker.")
                .withoutExemplars()
                .labelNames(LABELS)
                .register(registry)::labelValues);
    consumed = new MetricChildren<>(
        Counter.builder()
                .name("messaging_client_consumed_messages_total")
                .help("Messages delivered to the application, pushed by the broker or pulled by it.")
                .withoutExemplars()
                .labelNames(LABELS)
                .register(registry)::labelValues);
    operationDuration = new MetricChildren<>(
        Histogram.builder()
                .name("messaging_client_operation_duration_seconds")
                .help("Duration of messaging operations initiated by a producer or consumer client.")
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(DURATION_BUCKETS)
                .labelNames(LABELS)
                .register(registry)::labelValues);
    processDuration = new MetricChildren<>(
        Histogram.builder()
                .name("messaging_process_duration_seconds")
                .help("Duration of the application's processing of a delivered message.")
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(DURATION_BUCKETS)
                .labelNames(LABELS)
                .register(registry)::labelValues);
  }

  /** One message handed to the broker (or the attempt, with its error type). */
  public void sent(String system, String operation, String destination, String errorType) {
    sent.get(nonNull(system), nonNull(operation), destinations.label(destination), "", nonNull(errorType)).inc();
  }

  /** {@code count} messages delivered to the application. */
  public void consumed(
      String system, String operation, String destination, String consumerGroup, String errorType, long count) {
    if (count > 0) {
      consumed.get(nonNull(system), nonNull(operation), destinations.label(destination), nonNull(consumerGroup),
          nonNull(errorType)).inc(count);
    }
  }

  /** A client operation (publish, receive, ...) took {@code seconds}. */
  public void operationDuration(
      String system, String operation, String destination, String consumerGroup, String errorType, double seconds) {
    operationDuration.get(nonNull(system), nonNull(operation), destinations.label(destination), nonNull(consumerGroup),
        nonNull(errorType)).observe(seconds);
  }

  /** The application's processing of a message took {@code seconds}. */
  public void processDuration(
      String system, String operation, String destination, String consumerGroup, String errorType, double seconds) {
    processDuration.get(nonNull(system), nonNull(operation), destinations.label(destination), nonNull(consumerGroup),
        nonNull(errorType)).observe(seconds);
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
