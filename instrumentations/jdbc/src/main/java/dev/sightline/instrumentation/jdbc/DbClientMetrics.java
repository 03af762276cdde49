package dev.sightline.instrumentation.jdbc;

import dev.sightline.agent.telemetry.BoundedLabels;
import dev.sightline.agent.telemetry.MetricChildren;
import dev.sightline.bootstrap.AgentLog;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * {@code db.client.operation.duration} as the database conventions define it (seconds, their
 * advised buckets), in Prometheus naming. Labels are bounded: the system, the database (namespace),
 * the operation and the table read from the SQL (each capped by {@link BoundedLabels}), and the
 * error type, never the query.
 * Exemplars come from the span current when the duration is recorded: the statement's caller,
 * so an exemplar's trace is the statement's trace.
 */
final class DbClientMetrics {

  /** The boundaries the database conventions advise for operation durations. */
  static final double[] DURATION_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10};

  private final Histogram duration;
  private final MetricChildren<DistributionDataPoint> children;
  private final BoundedLabels namespaces = new BoundedLabels(50);
  private final BoundedLabels operations = new BoundedLabels(200);
  private final BoundedLabels collections = new BoundedLabels(200);
  private final BoundedLabels errorTypes = new BoundedLabels(200);

  DbClientMetrics(PrometheusRegistry registry) {
    duration =
        Histogram.builder()
            .name("db_client_operation_duration_seconds")
            .help("Duration of database client operations.")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .labelNames("db_system_name", "db_namespace", "db_operation_name", "db_collection_name", "error_type")
            .build();
    children = new MetricChildren<>(duration::labelValues);
    try {
      registry.register(duration);
    } catch (IllegalArgumentException | IllegalStateException e) {
      AgentLog.warnOnce("jdbc-metrics", "db_client_operation_duration_seconds is already registered; JDBC durations stay unexported", e);
    }
  }

  void record(String system, String namespace, String operation, String collection, String errorType, double seconds) {
    children
        .get(
            system == null ? "" : system,
            namespaces.label(namespace),
            operations.label(operation),
            collections.label(collection),
            errorTypes.label(errorType))
        .observe(seconds);
  }
}
