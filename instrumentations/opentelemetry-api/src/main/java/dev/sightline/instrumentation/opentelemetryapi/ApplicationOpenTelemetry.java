package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.api.OpenTelemetry;
import application.io.opentelemetry.api.metrics.MeterProvider;
import application.io.opentelemetry.api.trace.TracerProvider;
import application.io.opentelemetry.context.propagation.ContextPropagators;
import dev.sightline.agent.telemetry.Telemetry;

/** What {@code GlobalOpenTelemetry.get()} gives the application: the agent's pipeline behind its own API. */
final class ApplicationOpenTelemetry implements OpenTelemetry {

  private final BridgedTracerProvider tracerProvider;
  private final BridgedMeterProvider meterProvider;
  private final BridgedPropagators propagators;

  ApplicationOpenTelemetry(Telemetry telemetry, ContextBridge bridge) {
    this.tracerProvider = new BridgedTracerProvider(telemetry, bridge);
    this.meterProvider = new BridgedMeterProvider(telemetry);
    this.propagators = new BridgedPropagators(telemetry.propagator(), bridge);
  }

  @Override
  public TracerProvider getTracerProvider() {
    return tracerProvider;
  }

  @Override
  public MeterProvider getMeterProvider() {
    return meterProvider;
  }

  @Override
  public ContextPropagators getPropagators() {
    return propagators;
  }

  @Override
  public String toString() {
    return "Sightline's OpenTelemetry (the agent's SDK)";
  }
}
