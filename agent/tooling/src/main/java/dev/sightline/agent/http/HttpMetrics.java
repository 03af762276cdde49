package dev.sightline.agent.http;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * {@code http.server.request.duration} and {@code http.client.request.duration} as the
 * conventions define them (seconds, their advised buckets), in Prometheus naming. Labels are
 * bounded: a route template or a host, never a raw path, query or id.
 */
public final class HttpMetrics {

  /** The bucket boundaries the HTTP semantic conventions advise. */
  static final double[] DURATION_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10
  };

  private final Histogram server;
  private final Histogram client;

  public HttpMetrics(PrometheusRegistry registry) {
    server =
        Histogram.builder()
            .name("http_server_request_duration_seconds")
            .help("Duration of HTTP server requests.")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .withoutExemplars()
            .labelNames("http_request_method", "http_response_status_code", "http_route", "error_type")
            .register(registry);
    client =
        Histogram.builder()
            .name("http_client_request_duration_seconds")
            .help("Duration of HTTP client requests.")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .withoutExemplars()
            .labelNames(
                "http_request_method", "http_response_status_code", "server_address", "server_port", "error_type")
            .register(registry);
  }

  void recordServer(double seconds, String method, int status, String route, String errorType) {
    server.labelValues(method, statusLabel(status), nonNull(route), nonNull(errorType)).observe(seconds);
  }

  void recordClient(double seconds, String method, int status, String host, int port, String errorType) {
    client
        .labelValues(method, statusLabel(status), nonNull(host), port > 0 ? Integer.toString(port) : "", nonNull(errorType))
        .observe(seconds);
  }

  private static String statusLabel(int status) {
    return status > 0 ? Integer.toString(status) : "";
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
