package dev.sightline.agent.http;

import dev.sightline.agent.telemetry.BoundedLabels;
import dev.sightline.agent.telemetry.MetricChildren;
import dev.sightline.agent.telemetry.StatusLabels;
import dev.sightline.agent.telemetry.TraceExemplars;
import io.opentelemetry.api.trace.Span;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * {@code http.server.request.duration} and {@code http.client.request.duration} as the
 * conventions define them (seconds, their advised buckets), in Prometheus naming. Labels are
 * bounded: a route template or a host, never a raw path, query or id. Each records the
 * request's span as its exemplar candidate ({@link TraceExemplars}), so a latency bucket links
 * to a trace.
 */
public final class HttpMetrics {

  /** The bucket boundaries the HTTP semantic conventions advise. */
  static final double[] DURATION_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10
  };

  private final MetricChildren<DistributionDataPoint> server;
  private final MetricChildren<DistributionDataPoint> client;
  /** Peers an application calls can be unbounded (a host per tenant, per shard): the first 200 count. */
  private final BoundedLabels peers = new BoundedLabels(200);
  /** Routes are templates, yet an application may register them dynamically. */
  private final BoundedLabels routes = new BoundedLabels(500);

  public HttpMetrics(PrometheusRegistry registry) {
    Histogram serverDuration =
        Histogram.builder()
            .name("http_server_request_duration_seconds")
            .help("Duration of HTTP server requests.")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .labelNames("http_request_method", "http_response_status_code", "http_route", "error_type")
            .register(registry);
    Histogram clientDuration =
        Histogram.builder()
            .name("http_client_request_duration_seconds")
            .help("Duration of HTTP client requests.")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .labelNames(
                "http_request_method", "http_response_status_code", "server_address", "server_port", "error_type")
            .register(registry);
    server = new MetricChildren<>(serverDuration::labelValues);
    client = new MetricChildren<>(clientDuration::labelValues);
  }

  void recordServer(double seconds, String method, int status, String route, String errorType, Span span) {
    TraceExemplars.observe(
        server.get(method, StatusLabels.of(status), routes.label(route), nonNull(errorType)), seconds, span);
  }

  void recordClient(double seconds, String method, int status, String host, int port, String errorType, Span span) {
    String portLabel = port > 0 ? Integer.toString(port) : "";
    boolean known = host == null || !BoundedLabels.OTHER.equals(peers.label(host + ':' + portLabel));
    TraceExemplars.observe(
        client.get(
            method,
            StatusLabels.of(status),
            known ? nonNull(host) : BoundedLabels.OTHER,
            known ? portLabel : "",
            nonNull(errorType)),
        seconds,
        span);
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
