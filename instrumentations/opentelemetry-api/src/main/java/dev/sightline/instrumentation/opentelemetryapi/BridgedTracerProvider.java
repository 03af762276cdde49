package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.api.trace.SpanBuilder;
import application.io.opentelemetry.api.trace.Tracer;
import application.io.opentelemetry.api.trace.TracerBuilder;
import application.io.opentelemetry.api.trace.TracerProvider;
import dev.sightline.agent.telemetry.Telemetry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Tracers for the application's instrumentation scopes, each over the agent's tracer of the same scope. */
final class BridgedTracerProvider implements TracerProvider {

  private final Telemetry telemetry;
  private final ContextBridge bridge;
  private final Map<String, Tracer> tracers = new ConcurrentHashMap<>();

  BridgedTracerProvider(Telemetry telemetry, ContextBridge bridge) {
    this.telemetry = telemetry;
    this.bridge = bridge;
  }

  @Override
  public Tracer get(String scopeName) {
    return tracer(scopeName, null, null);
  }

  @Override
  public Tracer get(String scopeName, String scopeVersion) {
    return tracer(scopeName, scopeVersion, null);
  }

  @Override
  public TracerBuilder tracerBuilder(String scopeName) {
    return new TracerBuilder() {
      private String version;
      private String schemaUrl;

      @Override
      public TracerBuilder setSchemaUrl(String url) {
        this.schemaUrl = url;
        return this;
      }

      @Override
      public TracerBuilder setInstrumentationVersion(String instrumentationVersion) {
        this.version = instrumentationVersion;
        return this;
      }

      @Override
      public Tracer build() {
        return tracer(scopeName, version, schemaUrl);
      }
    };
  }

  private Tracer tracer(String scopeName, String version, String schemaUrl) {
    String key = scopeName + '\u0000' + version + '\u0000' + schemaUrl;
    return tracers.computeIfAbsent(key, ignored -> {
      io.opentelemetry.api.trace.Tracer agent = telemetry.applicationTracer(scopeName, version, schemaUrl);
      return new Tracer() {
        @Override
        public SpanBuilder spanBuilder(String spanName) {
          return new BridgedSpanBuilder(agent.spanBuilder(spanName == null ? "" : spanName), bridge);
        }
      };
    });
  }
}
