package dev.sightline.agent.telemetry;

import dev.sightline.agent.health.Dependencies;
import dev.sightline.agent.health.HealthStatus;
import dev.sightline.agent.health.Liveness;
import dev.sightline.agent.health.Readiness;
import dev.sightline.agent.http.HttpMetrics;
import dev.sightline.agent.messaging.MessagingMetrics;
import dev.sightline.bootstrap.AdviceErrors;
import dev.sightline.bootstrap.AgentLog;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything instrumentation handlers record into: tracers and propagation, the Prometheus
 * registry and its HTTP metrics, dependencies and readiness for the health routes.
 */
public final class Telemetry {

  private final String version;
  private final TracingSetup.Tracing tracing;
  private final RecentSpans recentSpans;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final HttpMetrics httpMetrics;
  private final Dependencies dependencies = new Dependencies();
  private final Readiness readiness = new Readiness();
  private final Liveness liveness = new Liveness();
  private final AtomicBoolean jvmMetricsRegistered = new AtomicBoolean();
  private volatile MessagingMetrics messagingMetrics;
  private volatile ApplicationMetrics applicationMetrics;
  private final Map<String, SharedGauge> sharedGauges = new HashMap<>();

  public Telemetry(String version, TracingSetup.Tracing tracing, RecentSpans recentSpans) {
    this.version = version;
    this.tracing = tracing;
    this.recentSpans = recentSpans;
    TraceExemplars.install(tracing.recordsSpans());
    this.httpMetrics = new HttpMetrics(registry);
    registerAgentMetrics();
    HealthGauges.register(registry, this);
  }

  private void registerAgentMetrics() {
    // Which agent serves this target, and whether it makes spans: an alert tells a service whose
    // tracing was switched off (otel.sdk.disabled) from one that is merely quiet.
    Info info =
        Info.builder()
            .name("sightline_agent_info")
            .help("The Sightline agent serving this endpoint: its version, the service it names, and its tracing (exported, local: /traces only, disabled).")
            .labelNames("version", "service_name", "tracing")
            .register(registry);
    info.setLabelValues(String.valueOf(version), String.valueOf(tracing.serviceName), tracing.mode);
    ExportStatus export = tracing.exportStatus;
    CounterWithCallback.builder()
        .name("sightline_exporter_spans_exported")
        .help("Spans the collector accepted.")
        .callback(callback -> callback.call(export.exportedSpans()))
        .register(registry);
    CounterWithCallback.builder()
        .name("sightline_exporter_spans_failed")
        .help("Spans in export requests that failed (collector unreachable or answering errors).")
        .callback(callback -> callback.call(export.failedSpans()))
        .register(registry);
    CounterWithCallback.builder()
        .name("sightline_exporter_spans_dropped")
        .help("Spans dropped because the export queue was full (collector too slow or down).")
        .callback(callback -> callback.call(export.droppedSpans()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("sightline_exporter_up")
        .help("1 when the last span export succeeded or none was needed, 0 after a failure.")
        .callback(callback -> callback.call("failure".equals(export.lastOutcome()) ? 0 : 1))
        .register(registry);
    CounterWithCallback.builder()
        .name("sightline_instrumentation_errors")
        .help("Failures inside instrumentation advice, caught so the application never saw them.")
        .callback(callback -> callback.call(AdviceErrors.count()))
        .register(registry);
  }

  /**
   * JVM metrics are registered at the first scrape, not in premain: it keeps start-up light.
   * The native-memory collector is left out on purpose: it needs the platform MBean server,
   * which initialises java.util.logging.
   */
  public void ensureJvmMetrics() {
    if (!jvmMetricsRegistered.compareAndSet(false, true)) {
      return;
    }
    try {
      JvmThreadsMetrics.builder().register(registry);
      JvmBufferPoolMetrics.builder().register(registry);
      JvmClassLoadingMetrics.builder().register(registry);
      JvmCompilationMetrics.builder().register(registry);
      JvmGarbageCollectorMetrics.builder().register(registry);
      JvmMemoryPoolAllocationMetrics.builder().register(registry);
      JvmMemoryMetrics.builder().register(registry);
      JvmRuntimeInfoMetric.builder().register(registry);
      ProcessMetrics.builder().register(registry);
    } catch (RuntimeException | LinkageError e) {
      AgentLog.warnOnce("jvm-metrics", "JVM metrics unavailable", e);
    }
  }

  /**
   * The status /health answers: the worst dependency's, and at least DEGRADED while span exports
   * keep failing.
   */
  public HealthStatus healthStatus() {
    HealthStatus status = dependencies.worst();
    ExportStatus export = tracing.exportStatus;
    if (export.enabled() && export.consecutiveFailures() > 0) {
      status = status.worse(HealthStatus.DEGRADED);
    }
    return status;
  }

  public String version() {
    return version;
  }

  public String serviceName() {
    return tracing.serviceName;
  }

  public Tracer tracer(String instrumentationName) {
    return tracing.sdk.getTracer("dev.sightline." + instrumentationName, version);
  }

  /** A tracer for the application's own spans (the OpenTelemetry API it calls), under its own scope. */
  public Tracer applicationTracer(String scopeName, String scopeVersion, String schemaUrl) {
    TracerBuilder builder = tracing.sdk.tracerBuilder(scopeName == null ? "" : scopeName);
    if (scopeVersion != null) {
      builder.setInstrumentationVersion(scopeVersion);
    }
    if (schemaUrl != null) {
      builder.setSchemaUrl(schemaUrl);
    }
    return builder.build();
  }

  /** The metrics the application records through the OpenTelemetry API, registered at first use. */
  public ApplicationMetrics applicationMetrics() {
    ApplicationMetrics metrics = applicationMetrics;
    if (metrics == null) {
      synchronized (this) {
        metrics = applicationMetrics;
        if (metrics == null) {
          metrics = new ApplicationMetrics();
          registry.register(metrics);
          applicationMetrics = metrics;
        }
      }
    }
    return metrics;
  }

  public TextMapPropagator propagator() {
    return tracing.propagator;
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public HttpMetrics httpMetrics() {
    return httpMetrics;
  }

  /** Created at first use, so a service without messaging exposes no messaging families. */
  public MessagingMetrics messagingMetrics() {
    MessagingMetrics metrics = messagingMetrics;
    if (metrics == null) {
      synchronized (this) {
        metrics = messagingMetrics;
        if (metrics == null) {
          metrics = new MessagingMetrics(registry);
          messagingMetrics = metrics;
        }
      }
    }
    return metrics;
  }

  /** The gauge family {@code name}, registered at its first request; see {@link SharedGauge}. */
  public SharedGauge sharedGauge(String name, String help, String... labelNames) {
    synchronized (sharedGauges) {
      return sharedGauges.computeIfAbsent(name, key -> new SharedGauge(registry, name, help, labelNames));
    }
  }

  public Dependencies dependencies() {
    return dependencies;
  }

  public Readiness readiness() {
    return readiness;
  }

  public Liveness liveness() {
    return liveness;
  }

  public RecentSpans recentSpans() {
    return recentSpans;
  }

  public ExportStatus exportStatus() {
    return tracing.exportStatus;
  }
}
