package dev.sightline.agent.endpoint;

import dev.sightline.agent.health.Dependency;
import dev.sightline.agent.health.HealthStatus;
import dev.sightline.agent.telemetry.ExportStatus;
import dev.sightline.agent.telemetry.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The routes of the embedded endpoint: /metrics, /health, /ready, /live, /traces. */
public final class Endpoint {

  private static final String JSON = "application/json; charset=utf-8";

  private final Telemetry telemetry;
  private final PrometheusScrapeHandler scrapeHandler;
  private final long startMillis = System.currentTimeMillis();

  private Endpoint(Telemetry telemetry) {
    this.telemetry = telemetry;
    this.scrapeHandler = new PrometheusScrapeHandler(telemetry.registry());
  }

  /** Binds and serves on daemon threads; throws when the address cannot be bound. */
  public static EndpointServer start(Telemetry telemetry, String host, int port) throws IOException {
    Endpoint endpoint = new Endpoint(telemetry);
    Map<String, EndpointServer.Route> routes = new LinkedHashMap<>();
    routes.put("/metrics", endpoint::metrics);
    routes.put("/health", endpoint::health);
    routes.put("/ready", endpoint::ready);
    routes.put("/live", endpoint::live);
    routes.put("/traces", endpoint::traces);
    routes.put("/", endpoint::index);
    return EndpointServer.start(host, port, routes);
  }

  private void index(EndpointExchange exchange) {
    exchange.respond(
        200,
        "text/plain; charset=utf-8",
        "Sightline agent " + telemetry.version() + " for " + telemetry.serviceName()
            + "\n/metrics  Prometheus metrics\n/health   status and dependencies (JSON)\n/ready    readiness\n/live     liveness\n/traces   recent spans by trace (JSON)\n");
  }

  private void metrics(EndpointExchange exchange) throws IOException {
    telemetry.ensureJvmMetrics();
    scrapeHandler.handleRequest(exchange);
  }

  private void health(EndpointExchange exchange) {
    ExportStatus export = telemetry.exportStatus();
    HealthStatus status = telemetry.dependencies().worst();
    if (export.enabled() && export.consecutiveFailures() > 0) {
      status = status.worse(HealthStatus.DEGRADED);
    }
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
    String wanted = parameter(exchange, "traceId");
    Map<String, List<SpanData>> byTrace = new LinkedHashMap<>();
    List<ReadableSpan> recent = telemetry.recentSpans().snapshot();
    for (int i = recent.size() - 1; i >= 0; i--) {
      SpanData span = recent.get(i).toSpanData();
      if (wanted == null || wanted.equals(span.getTraceId())) {
        byTrace.computeIfAbsent(span.getTraceId(), id -> new ArrayList<>()).add(span);
      }
    }
    JsonWriter json = new JsonWriter().beginObject();
    json.field("service", telemetry.serviceName());
    json.field("bufferCapacity", telemetry.recentSpans().capacity());
    json.name("traces").beginArray();
    for (Map.Entry<String, List<SpanData>> trace : byTrace.entrySet()) {
      List<SpanData> spans = trace.getValue();
      spans.sort((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()));
      json.beginObject().field("traceId", trace.getKey()).field("spanCount", spans.size());
      json.name("spans").beginArray();
      for (SpanData span : spans) {
        writeSpan(json, span);
      }
      json.endArray().endObject();
    }
    json.endArray().endObject();
    exchange.respond(200, JSON, json.toString());
  }

  private static void writeSpan(JsonWriter json, SpanData span) {
    json.beginObject()
        .field("spanId", span.getSpanId())
        .field("parentSpanId", span.getParentSpanContext().isValid() ? span.getParentSpanId() : null)
        .field("name", span.getName())
        .field("kind", span.getKind().name())
        .field("start", Instant.ofEpochSecond(0, span.getStartEpochNanos()).toString());
    json.name("durationMillis").value((span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6);
    json.field("status", span.getStatus().getStatusCode().name());
    json.field("scope", span.getInstrumentationScopeInfo().getName());
    json.name("attributes").beginObject();
    span.getAttributes().forEach((AttributeKey<?> key, Object value) -> json.name(key.getKey()).any(value));
    json.endObject();
    if (!span.getEvents().isEmpty()) {
      json.name("events").beginArray();
      for (EventData event : span.getEvents()) {
        json.beginObject().field("name", event.getName());
        json.name("attributes").beginObject();
        event.getAttributes().forEach((AttributeKey<?> key, Object value) -> json.name(key.getKey()).any(value));
        json.endObject().endObject();
      }
      json.endArray();
    }
    json.endObject();
  }

  private static String parameter(EndpointExchange exchange, String name) {
    String[] values = exchange.getParameterValues(name);
    return values == null || values.length == 0 ? null : values[0];
  }

  private static String time(long epochMillis) {
    return epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
  }
}
