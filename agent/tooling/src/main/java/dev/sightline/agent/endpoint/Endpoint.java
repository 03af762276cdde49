package dev.sightline.agent.endpoint;

import dev.sightline.agent.config.AgentConfig;
import dev.sightline.agent.health.Dependency;
import dev.sightline.agent.health.HealthStatus;
import dev.sightline.agent.telemetry.ExportStatus;
import dev.sightline.agent.telemetry.Telemetry;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The routes of the embedded endpoint: /metrics, /health, /ready, /live, /traces and the trace viewer at /. */
public final class Endpoint {

  private static final String JSON = "application/json; charset=utf-8";

  private final Telemetry telemetry;
  /** Made at the first scrape: client_java's formats and properties cost start-up time otherwise. */
  private volatile PrometheusScrapeHandler scrapeHandler;
  private final long startMillis = System.currentTimeMillis();
  private final ViewerAssets viewer = new ViewerAssets();

  private Endpoint(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  private PrometheusScrapeHandler scrapeHandler() {
    PrometheusScrapeHandler handler = scrapeHandler;
    if (handler == null) {
      synchronized (this) {
        handler = scrapeHandler;
        if (handler == null) {
          handler = new PrometheusScrapeHandler(telemetry.registry());
          scrapeHandler = handler;
        }
      }
    }
    return handler;
  }

  /**
   * Binds and serves on daemon threads, /traces and the viewer as the settings allow ({@link
   * EndpointAccess}); throws when the address cannot be bound.
   */
  public static EndpointServer start(Telemetry telemetry, String host, int port, AgentConfig config) throws IOException {
    return start(telemetry, host, port, EndpointAccess.fromConfig(config, ViewerAssets.ROUTES));
  }

  static EndpointServer start(Telemetry telemetry, String host, int port, EndpointAccess access)
      throws IOException {
    Endpoint endpoint = new Endpoint(telemetry);
    Map<String, EndpointServer.Route> routes = new LinkedHashMap<>();
    routes.put("/metrics", endpoint::metrics);
    routes.put("/health", endpoint::health);
    routes.put("/ready", endpoint::ready);
    routes.put("/live", endpoint::live);
    routes.put("/traces", endpoint::traces);
    for (String page : ViewerAssets.ROUTES) {
      routes.put(page, exchange -> endpoint.viewer.serve(page, exchange));
    }
    // The operations pack that matches this agent version: alert rules and Grafana dashboard.
    routes.put("/ops/alerts.yml", exchange -> opsFile(exchange, "alerts.yml", "application/yaml; charset=utf-8"));
    routes.put("/ops/dashboard.json", exchange -> opsFile(exchange, "dashboard.json", JSON));
    Set<String> probes = Set.of("/health", "/ready", "/live");
    return EndpointServer.start(host, port, routes, probes, access, EndpointLimits.defaults());
  }

  private static void opsFile(EndpointExchange exchange, String name, String contentType) throws IOException {
    try (InputStream in = Endpoint.class.getResourceAsStream("/dev/sightline/agent/ops/" + name)) {
      if (in == null) {
        exchange.respond(404, "text/plain; charset=utf-8", name + " is not in this agent jar\n");
        return;
      }
      exchange.respond(200, contentType, in.readAllBytes());
    }
  }

  private void metrics(EndpointExchange exchange) throws IOException {
    telemetry.ensureJvmMetrics();
    scrapeHandler().handleRequest(exchange);
  }

  private void health(EndpointExchange exchange) {
    ExportStatus export = telemetry.exportStatus();
    HealthStatus status = telemetry.healthStatus();
    JsonWriter json = new JsonWriter().beginObject();
    json.field("status", status.name());
    json.name("uptimeSeconds").value((System.currentTimeMillis() - startMillis) / 1000.0);
    json.name("agent").beginObject()
        .field("version", telemetry.version())
        .field("service", telemetry.serviceName())
        .name("ready").value(telemetry.readiness().ready())
        .endObject();
    json.name("exporter").beginObject()
        .field("destination", export.destination())
        .field("lastOutcome", export.lastOutcome())
        .field("lastExport", time(export.lastExportMillis()))
        .field("exportedSpans", export.exportedSpans())
        .field("failedSpans", export.failedSpans())
        .field("droppedSpans", export.droppedSpans())
        .field("consecutiveFailures", export.consecutiveFailures())
        .field("lastError", export.lastError())
        .endObject();
    json.name("dependencies").beginArray();
    for (Dependency dependency : telemetry.dependencies().all()) {
      json.beginObject()
          .field("type", dependency.type())
          .field("name", dependency.name())
          .field("status", dependency.status().name())
          .field("lastOutcome", dependency.lastOutcome())
          .field("lastError", dependency.lastError())
          .field("recentErrors", dependency.recentErrors())
          .field("errors", dependency.errors())
          .field("calls", dependency.calls())
          .field("lastSeen", time(dependency.lastSeenMillis()))
          .endObject();
    }
    json.endArray().endObject();
    exchange.respond(status == HealthStatus.DOWN ? 503 : 200, JSON, json.toString());
  }

  private void ready(EndpointExchange exchange) {
    boolean ready = telemetry.readiness().ready();
    String body = new JsonWriter().beginObject()
        .field("status", ready ? "READY" : "NOT_READY")
        .field("reason", telemetry.readiness().reason())
        .endObject().toString();
    exchange.respond(ready ? 200 : 503, JSON, body);
  }

  private void live(EndpointExchange exchange) {
    List<String> deadlocked = telemetry.liveness().deadlockedThreads();
    JsonWriter json = new JsonWriter().beginObject().field("status", deadlocked.isEmpty() ? "LIVE" : "DEADLOCKED");
    json.name("deadlockedThreads").any(deadlocked);
    exchange.respond(deadlocked.isEmpty() ? 200 : 503, JSON, json.endObject().toString());
  }

  private void traces(EndpointExchange exchange) {
    String body = TracesJson.document(telemetry.recentSpans().snapshot(), telemetry.serviceName(),
        telemetry.recentSpans().capacity(), parameter(exchange, "traceId"), "summary".equals(parameter(exchange, "view")));
    exchange.respond(200, JSON, body);
  }

  private static String parameter(EndpointExchange exchange, String name) {
    String[] values = exchange.getParameterValues(name);
    return values == null || values.length == 0 ? null : values[0];
  }

  private static String time(long epochMillis) {
    return epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
  }
}
