package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import application.io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import application.io.opentelemetry.api.metrics.LongCounterBuilder;
import application.io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import application.io.opentelemetry.api.metrics.Meter;
import application.io.opentelemetry.api.metrics.MeterBuilder;
import application.io.opentelemetry.api.metrics.MeterProvider;
import dev.sightline.agent.telemetry.ApplicationMetrics;
import dev.sightline.agent.telemetry.Telemetry;

/**
 * The application's meters, all served by the agent's Prometheus endpoint: a metric is a family of
 * its own whatever meter made it (Prometheus names have no scope), so one meter serves every scope.
 */
final class BridgedMeterProvider implements MeterProvider {

  private final Telemetry telemetry;
  private volatile Meter meter;

  BridgedMeterProvider(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  @Override
  public MeterBuilder meterBuilder(String scopeName) {
    return new MeterBuilder() {
      @Override
      public MeterBuilder setSchemaUrl(String schemaUrl) {
        return this;
      }

      @Override
      public MeterBuilder setInstrumentationVersion(String version) {
        return this;
      }

      @Override
      public Meter build() {
        return meter();
      }
    };
  }

  @Override
  public Meter get(String scopeName) {
    return meter();
  }

  private Meter meter() {
    Meter current = meter;
    if (current == null) {
      // Registered with the endpoint only once the application asks for a meter.
      ApplicationMetrics metrics = telemetry.applicationMetrics();
      current = new Meter() {
        @Override
        public LongCounterBuilder counterBuilder(String name) {
          return new CounterBuilders.LongCounters(new InstrumentSpec(metrics, ApplicationMetrics.Kind.COUNTER, name));
        }

        @Override
        public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
          return new CounterBuilders.LongUpDownCounters(
              new InstrumentSpec(metrics, ApplicationMetrics.Kind.UP_DOWN_COUNTER, name));
        }

        @Override
        public DoubleHistogramBuilder histogramBuilder(String name) {
          return new HistogramBuilders.DoubleHistograms(new InstrumentSpec(metrics, ApplicationMetrics.Kind.HISTOGRAM, name));
        }

        @Override
        public DoubleGaugeBuilder gaugeBuilder(String name) {
          return new GaugeBuilders.DoubleGauges(new InstrumentSpec(metrics, ApplicationMetrics.Kind.GAUGE, name));
        }
      };
      meter = current;
    }
    return current;
  }
}
