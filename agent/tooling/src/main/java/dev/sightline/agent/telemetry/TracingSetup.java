package dev.sightline.agent.telemetry;

import dev.sightline.agent.config.OtelSettings;
import dev.sightline.bootstrap.AgentLog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Builds the OpenTelemetry SDK from the standard {@code otel.*} settings with the SDK's own
 * autoconfigure module, then fits it for life inside an agent: bad values replaced with a
 * WARN, metrics and logs exporters off (metrics go to Prometheus), export on agent threads,
 * export outcomes and dropped spans counted, nothing installed as the global instance.
 */
public final class TracingSetup {

  /** The built pipeline. */
  public static final class Tracing {
    public final OpenTelemetrySdk sdk;
    public final TextMapPropagator propagator;
    public final ExportStatus exportStatus;
    public final String serviceName;

    Tracing(OpenTelemetrySdk sdk, ExportStatus exportStatus, String serviceName) {
      this.sdk = sdk;
      this.propagator = sdk.getPropagators().getTextMapPropagator();
      this.exportStatus = exportStatus;
      this.serviceName = serviceName;
    }
  }

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private TracingSetup() {}

  public static Tracing build(RecentSpans recentSpans, String defaultServiceName) {
    SdkSelfMetrics selfMetrics = new SdkSelfMetrics();
    ExecutorService exportThreads = Executors.newCachedThreadPool(new AgentThreads("export"));
    String[] destination = {"none"};
    String[] serviceName = {defaultServiceName};
    ExportStatus[] status = {null};
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.service.name", defaultServiceName);
    defaults.put("otel.exporter.otlp.endpoint", OtelSettings.DEFAULT_ENDPOINT);
    // The Java SDK still defaults to gRPC; the specification's default, and ours, is OTLP/HTTP.
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    OpenTelemetrySdk sdk;
    try {
      AutoConfiguredOpenTelemetrySdk configured =
          AutoConfiguredOpenTelemetrySdk.builder()
              .setServiceClassLoader(TracingSetup.class.getClassLoader())
              .disableShutdownHook()
              .addPropertiesSupplier(() -> defaults)
              .addPropertiesCustomizer(
                  config -> {
                    Map<String, String> overrides = OtelSettings.replacementsFor(config::getString);
                    overrides.put("otel.metrics.exporter", "none");
                    overrides.put("otel.logs.exporter", "none");
                    destination[0] = describeDestination(config, overrides);
                    status[0] = new ExportStatus(destination[0]);
                    return overrides;
                  })
              .addSpanExporterCustomizer(
                  (exporter, config) ->
                      new MonitoredSpanExporter(onAgentThreads(exporter, exportThreads), status[0]))
              .addMeterProviderCustomizer((meters, config) -> meters.registerMetricReader(selfMetrics))
              .addTracerProviderCustomizer((tracers, config) -> tracers.addSpanProcessor(recentSpans))
              .addResourceCustomizer(
                  (resource, config) -> {
                    String name = resource.getAttribute(SERVICE_NAME);
                    serviceName[0] = name == null ? defaultServiceName : name;
                    return resource;
                  })
              .build();
      sdk = configured.getOpenTelemetrySdk();
    } catch (RuntimeException | LinkageError e) {
      AgentLog.warn("OpenTelemetry configuration rejected (" + e.getMessage() + "); traces use the defaults: OTLP/HTTP to " + OtelSettings.DEFAULT_ENDPOINT);
      status[0] = new ExportStatus(OtelSettings.DEFAULT_ENDPOINT + "/v1/traces (http/protobuf)");
      sdk = fallback(recentSpans, selfMetrics, status[0], exportThreads, defaultServiceName);
      serviceName[0] = defaultServiceName;
    }
    status[0].droppedSpansFrom(selfMetrics::droppedSpans);
    OpenTelemetrySdk built = sdk;
    Runtime.getRuntime()
        .addShutdownHook(new AgentThreads("shutdown").newThread(() -> built.shutdown().join(5, TimeUnit.SECONDS)));
    return new Tracing(sdk, status[0], serviceName[0]);
  }

  private static SpanExporter onAgentThreads(SpanExporter exporter, ExecutorService threads) {
    if (exporter instanceof OtlpHttpSpanExporter) {
      SpanExporter rebuilt = ((OtlpHttpSpanExporter) exporter).toBuilder().setExecutorService(threads).build();
      exporter.shutdown();
      return rebuilt;
    }
    return exporter;
  }

  private static String describeDestination(ConfigProperties config, Map<String, String> overrides) {
    String exporter = pick(config, overrides, "otel.traces.exporter", "otlp");
    if (exporter.equalsIgnoreCase("none") || "true".equalsIgnoreCase(pick(config, overrides, "otel.sdk.disabled", "false"))) {
      return "none";
    }
    String endpoint = pick(config, overrides, "otel.exporter.otlp.traces.endpoint", null);
    if (endpoint == null) {
      endpoint = pick(config, overrides, "otel.exporter.otlp.endpoint", OtelSettings.DEFAULT_ENDPOINT);
      endpoint = (endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint) + "/v1/traces";
    }
    return endpoint + " (http/protobuf)";
  }

  private static String pick(ConfigProperties config, Map<String, String> overrides, String key, String fallback) {
    String value = overrides.get(key);
    if (value == null) {
      value = config.getString(key);
    }
    return value == null || value.trim().isEmpty() ? fallback : value.trim();
  }

  private static OpenTelemetrySdk fallback(
      RecentSpans recentSpans, SdkSelfMetrics selfMetrics, ExportStatus status, ExecutorService threads, String serviceName) {
    SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(selfMetrics).build();
    SpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(OtelSettings.DEFAULT_ENDPOINT + "/v1/traces")
            .setExecutorService(threads)
            .build();
    SdkTracerProvider tracers =
        SdkTracerProvider.builder()
            .setResource(Resource.getDefault().merge(Resource.builder().put("service.name", serviceName).build()))
            .addSpanProcessor(
                BatchSpanProcessor.builder(new MonitoredSpanExporter(exporter, status)).setMeterProvider(meters).build())
            .addSpanProcessor(recentSpans)
            .build();
    return OpenTelemetrySdk.builder()
        .setTracerProvider(tracers)
        .setMeterProvider(meters)
        .setPropagators(
            ContextPropagators.create(
                TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
        .build();
  }
}
