package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.api.metrics.DoubleGauge;
import application.io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import application.io.opentelemetry.api.metrics.LongGauge;
import application.io.opentelemetry.api.metrics.LongGaugeBuilder;
import application.io.opentelemetry.api.metrics.ObservableDoubleGauge;
import application.io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import application.io.opentelemetry.api.metrics.ObservableLongGauge;
import application.io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.function.Consumer;

/** The builders of gauges, double and long: observable ones on every API, synchronous ones from 1.38. */
final class GaugeBuilders {

  private GaugeBuilders() {}

  static final class DoubleGauges implements DoubleGaugeBuilder {
    private final InstrumentSpec spec;

    DoubleGauges(InstrumentSpec spec) {
      this.spec = spec;
    }

    @Override
    public DoubleGaugeBuilder setDescription(String description) {
      spec.description = description;
      return this;
    }

    @Override
    public DoubleGaugeBuilder setUnit(String unit) {
      spec.unit = unit;
      return this;
    }

    @Override
    public LongGaugeBuilder ofLongs() {
      return new LongGauges(spec);
    }

    @Override
    public ObservableDoubleGauge buildWithCallback(Consumer<ObservableDoubleMeasurement> callback) {
      return spec.observe(callback);
    }

    @Override
    public DoubleGauge build() {
      return (DoubleGauge) spec.synchronousGauge();
    }
  }

  static final class LongGauges implements LongGaugeBuilder {
    private final InstrumentSpec spec;

    LongGauges(InstrumentSpec spec) {
      this.spec = spec;
    }

    @Override
    public LongGaugeBuilder setDescription(String description) {
      spec.description = description;
      return this;
    }

    @Override
    public LongGaugeBuilder setUnit(String unit) {
      spec.unit = unit;
      return this;
    }

    @Override
    public ObservableLongGauge buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
      return spec.observe(callback);
    }

    @Override
    public LongGauge build() {
      return (LongGauge) spec.synchronousGauge();
    }
  }
}
