package dev.sightline.agent.telemetry;

import dev.sightline.agent.config.BlankIsUnset;
import dev.sightline.agent.config.OtelSettings;
import dev.sightline.bootstrap.AgentLog;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.internal.OtlpSpanExporterProvider;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import dev.sightline.agent.export.DirectExportChoice;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Builds the OpenTelemetry SDK from the standard {@code otel.*} settings with the SDK's own
 * autoconfigure module, then fits it for life inside an agent: bad values replaced with a
 * WARN, metrics and logs exporters off (metrics go to Prometheus), the span exporter built
 * at first export and run on agent threads, export outcomes and dropped spans counted, and
 * nothing installed as the global instance.
 */
public final class TracingSetup {

  /** The built pipeline. */
  public static final class Tracing {
    public final OpenTelemetrySdk sdk;
    public final TextMapPropagator propagator;
    public final ExportStatus exportStatus;
    public final String serviceName;
    /** {@link #EXPORTED}, {@link #LOCAL} or {@link #DISABLED}. */
    public final String mode;

    Tracing(OpenTelemetrySdk sdk, ExportStatus exportStatus, String serviceName, String mode) {
      this.sdk = sdk;
      // The W3C limits at both ends, whatever otel.propagators names.
      this.propagator = new BoundedPropagation(sdk.getPropagators().getTextMapPropagator());
      this.exportStatus = exportStatus;
      this.serviceName = serviceName;
      this.mode = mode;
    }

    /** Spans are made and end up somewhere (the collector or /traces): trace ids are worth linking to. */
    public boolean recordsSpans() {
      return !DISABLED.equals(mode);
    }
  }

  /** Spans go to the collector (and /traces). */
  public static final String EXPORTED = "exported";
  /** {@code otel.traces.exporter=none}: spans stay in /traces. */
  public static final String LOCAL = "local";
  /** {@code otel.sdk.disabled=true}: no spans at all, metrics and health only. */
  public static final String DISABLED = "disabled";

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  /** At most this long at JVM exit for the last spans: the agent never holds the exit for more than 2 s. */
  static final long SHUTDOWN_BUDGET_MILLIS = 1_800;

  private TracingSetup() {}

  public static Tracing build(RecentSpans recentSpans, String defaultServiceName) {
    Pipeline pipeline = new Pipeline(recentSpans);
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.exporter.otlp.endpoint", OtelSettings.DEFAULT_ENDPOINT);
    // The Java SDK still defaults to gRPC; the specification's default, and ours, is OTLP/HTTP.
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    String[] serviceName = {defaultServiceName};
    String[] destination = {"none"};
    String[] mode = {EXPORTED};
    OpenTelemetrySdk sdk;
    try {
      sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .setServiceClassLoader(TracingSetup.class.getClassLoader())
              .disableShutdownHook()
              .addPropertiesSupplier(() -> defaults)
              .addPropertiesCustomizer(
                  config -> {
                    Map<String, String> overrides = OtelSettings.replacementsFor(config::getString);
                    String named = config.getString("otel.service.name");
                    if (named == null || named.trim().isEmpty()) {
                      // The jar or main class names the service only where the user did not: a
                      // service.name in otel.resource.attributes comes first (otel.service.name, as a
                      // default, would override it), and an empty otel.service.name is unset, as the
                      // specification reads empty settings (the SDK would name the service "").
                      String fromAttributes = serviceNameAttribute(overrides.getOrDefault(
                          "otel.resource.attributes", config.getString("otel.resource.attributes")));
                      overrides.put("otel.service.name", fromAttributes != null ? fromAttributes : defaultServiceName);
                    }
                    destination[0] = describeDestination(config, overrides);
                    mode[0] = "true".equalsIgnoreCase(pick(config, overrides, "otel.sdk.disabled", "false")) ? DISABLED
                        : "none".equals(destination[0]) ? LOCAL : EXPORTED;
                    // Autoconfigure builds no exporter: ours is deferred (see DeferredSpanExporter).
                    overrides.put("otel.traces.exporter", "none");
                    overrides.put("otel.metrics.exporter", "none");
                    overrides.put("otel.logs.exporter", "none");
                    return overrides;
                  })
              .addTracerProviderCustomizer(
                  (tracers, config) -> pipeline.addTo(tracers, destination[0], () -> new OtlpSpanExporterProvider().createExporter(new BlankIsUnset(config)), config))
              .addResourceCustomizer(
                  (resource, config) -> {
                    String name = resource.getAttribute(SERVICE_NAME);
                    serviceName[0] = name == null ? defaultServiceName : name;
                    return resource;
                  })
              .build()
              .getOpenTelemetrySdk();
    } catch (RuntimeException | LinkageError e) {
      AgentLog.warn("OpenTelemetry configuration rejected (" + e.getMessage() + "); traces use the defaults: OTLP/HTTP to " + OtelSettings.DEFAULT_ENDPOINT);
      serviceName[0] = defaultServiceName;
      mode[0] = EXPORTED;
      sdk = pipeline.fallback(defaultServiceName);
    }
    OpenTelemetrySdk built = sdk;
    Runtime.getRuntime().addShutdownHook(new AgentThreads("shutdown").newThread(() -> {
      // The spans of the last moments are flushed, but a dead or hanging collector never holds the
      // application's exit for longer than this: what is not sent by then is lost, and said so.
      pipeline.exiting();
      CompletableResultCode flushed = built.shutdown().join(SHUTDOWN_BUDGET_MILLIS, TimeUnit.MILLISECONDS);
      if (!flushed.isDone()) {
        AgentLog.warn("spans not yet exported at exit were dropped: the collector did not answer within "
            + SHUTDOWN_BUDGET_MILLIS + " ms");
      } else if (!flushed.isSuccess()) {
        AgentLog.warn("spans not yet exported at exit were dropped: the last export failed", flushed.getFailureThrowable());
      }
    }));
    return new Tracing(sdk, pipeline.status, serviceName[0], mode[0]);
  }

  /** {@code service.name} in a checked {@code otel.resource.attributes} list, or null. */
  static String serviceNameAttribute(String attributes) {
    if (attributes == null) {
      return null;
    }
    for (String entry : attributes.split(",")) {
      int eq = entry.indexOf('=');
      if (eq > 0 && entry.substring(0, eq).trim().equals("service.name") && !entry.substring(eq + 1).trim().isEmpty()) {
        return entry.substring(eq + 1).trim();
      }
    }
    return null;
  }

  /** The span processors the agent adds: the batch exporter (unless off) and the /traces ring. */
  private static final class Pipeline {
    private final RecentSpans recentSpans;
    private final SdkSelfMetrics selfMetrics = new SdkSelfMetrics();
    private final SdkMeterProvider selfMeters = SdkMeterProvider.builder().registerMetricReader(selfMetrics).build();
    private final ExecutorService exportThreads = Executors.newCachedThreadPool(new AgentThreads("export"));
    private ExportStatus status = new ExportStatus("none");
    private DeferredSpanExporter deferred;

    Pipeline(RecentSpans recentSpans) {
      this.recentSpans = recentSpans;
    }

    SdkTracerProviderBuilder addTo(
        SdkTracerProviderBuilder tracers, String destination, Supplier<SpanExporter> exporter, ConfigProperties config) {
      status = new ExportStatus(destination);
      status.droppedSpansFrom(selfMetrics::droppedSpans);
      if (status.enabled()) {
        deferred = new DeferredSpanExporter(() -> {
          SpanExporter direct = config == null ? null : DirectExportChoice.create(config, exportThreads, watchdog());
          return direct != null ? direct : onAgentThreads(exporter.get());
        });
        SpanExporter monitored = new MonitoredSpanExporter(deferred, status);
        int queueSize = config == null ? 2048 : config.getInt("otel.bsp.max.queue.size", 2048);
        int batchSize = config == null ? 512 : config.getInt("otel.bsp.max.export.batch.size", 512);
        BatchSpanProcessor batches;
        try {
          batches = batchProcessor(monitored, config, queueSize, batchSize);
        } catch (OutOfMemoryError e) {
          // The SDK allocates the whole queue at once: a size the heap cannot hold would stop the agent.
          AgentLog.warn("otel.bsp.max.queue.size " + queueSize + " does not fit in this JVM's heap ("
              + e.getMessage() + "); using 2048");
          batches = batchProcessor(monitored, config, 2048, Math.min(batchSize, 2048));
        }
        tracers.addSpanProcessor(new AgentLoaderFirstEnd(batches));
      }
      return tracers.addSpanProcessor(recentSpans);
    }

    private BatchSpanProcessor batchProcessor(SpanExporter exporter, ConfigProperties config, int queueSize, int batchSize) {
      return BatchSpanProcessor.builder(exporter)
          .setScheduleDelay(duration(config, "otel.bsp.schedule.delay", 5000))
          .setExporterTimeout(duration(config, "otel.bsp.export.timeout", 30000))
          .setMaxQueueSize(queueSize)
          .setMaxExportBatchSize(batchSize)
          .setMeterProvider(selfMeters)
          .build();
    }

    OpenTelemetrySdk fallback(String serviceName) {
      SdkTracerProviderBuilder tracers =
          SdkTracerProvider.builder()
              .setResource(Resource.getDefault().merge(Resource.builder().put(SERVICE_NAME, serviceName).build()));
      addTo(
          tracers,
          OtelSettings.DEFAULT_ENDPOINT + "/v1/traces (http/protobuf)",
          () -> OtlpHttpSpanExporter.builder().setEndpoint(OtelSettings.DEFAULT_ENDPOINT + "/v1/traces").build(),
          null);
      return OpenTelemetrySdk.builder()
          .setTracerProvider(tracers.build())
          .setPropagators(
              ContextPropagators.create(
                  TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
          .build();
    }

    void exiting() {
      if (deferred != null) {
        deferred.exiting();
      }
    }

    /** Ends a post whose collector stopped reading; made with the exporter, at the first export. */
    private static ScheduledExecutorService watchdog() {
      ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, new AgentThreads("export-watchdog"));
      watchdog.setRemoveOnCancelPolicy(true);
      return watchdog;
    }

    /** The exporter's HTTP calls run on agent threads, which instrumentation leaves alone. */
    private SpanExporter onAgentThreads(SpanExporter exporter) {
      if (exporter instanceof OtlpHttpSpanExporter) {
        SpanExporter rebuilt = ((OtlpHttpSpanExporter) exporter).toBuilder().setExecutorService(exportThreads).build();
        exporter.shutdown();
        return rebuilt;
      }
      return exporter;
    }

    private static Duration duration(ConfigProperties config, String key, long defaultMillis) {
      Duration fallback = Duration.ofMillis(defaultMillis);
      return config == null ? fallback : config.getDuration(key, fallback);
    }
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
}
