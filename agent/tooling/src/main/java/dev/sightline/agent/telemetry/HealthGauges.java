package dev.sightline.agent.telemetry;

import dev.sightline.agent.health.Dependency;
import dev.sightline.agent.health.HealthStatus;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What /health answers, as gauges Prometheus can alert on: each dependency's state and the
 * service's status. Read at scrape time from the same objects /health reads, so the two never
 * disagree; the dependency names are /health's, bounded the same way.
 */
final class HealthGauges {

  private HealthGauges() {}

  static void register(PrometheusRegistry registry, Telemetry telemetry) {
    GaugeWithCallback.builder()
        .name("sightline_dependency_up")
        .help("1 while the dependency is reachable (UP or DEGRADED in /health), 0 while it is DOWN (connection lost or refused).")
        .labelNames("type", "name")
        .callback(
            callback -> {
              for (Dependency dependency : telemetry.dependencies().all()) {
                callback.call(dependency.status() == HealthStatus.DOWN ? 0 : 1, dependency.type(), dependency.name());
              }
            })
        .register(registry);
    // One series per status, 1 for the current one: an alert or a panel selects the state it
    // cares about, and a change of status never leaves a stale series behind.
    GaugeWithCallback.builder()
        .name("sightline_health_status")
        .help("The service's /health status: 1 on the series of the current status (UP, DEGRADED or DOWN), 0 on the others.")
        .labelNames("status")
        .callback(
            callback -> {
              HealthStatus current = telemetry.healthStatus();
              for (HealthStatus candidate : HealthStatus.values()) {
                callback.call(candidate == current ? 1 : 0, candidate.name());
              }
            })
        .register(registry);
  }
}
