package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.api.metrics.DoubleCounter;
import application.io.opentelemetry.api.metrics.DoubleCounterBuilder;
import application.io.opentelemetry.api.metrics.DoubleUpDownCounter;
import application.io.opentelemetry.api.metrics.DoubleUpDownCounterBuilder;
import application.io.opentelemetry.api.metrics.LongCounter;
import application.io.opentelemetry.api.metrics.LongCounterBuilder;
import application.io.opentelemetry.api.metrics.LongUpDownCounter;
import application.io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import application.io.opentelemetry.api.metrics.ObservableDoubleCounter;
import application.io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import application.io.opentelemetry.api.metrics.ObservableDoubleUpDownCounter;
import application.io.opentelemetry.api.metrics.ObservableLongCounter;
import application.io.opentelemetry.api.metrics.ObservableLongMeasurement;
import application.io.opentelemetry.api.metrics.ObservableLongUpDownCounter;
import java.util.function.Consumer;

/** The builders of counters and up-down counters, long and double. */
final class CounterBuilders {

  private CounterBuilders() {}

  static final class LongCounters implements LongCounterBuilder {
    private final InstrumentSpec spec;

    LongCounters(InstrumentSpec spec) {
      this.spec = spec;
    }

    @Override
    public LongCounterBuilder setDescription(String description) {
      spec.description = description;
      return this;
    }

    @Override
    public LongCounterBuilder setUnit(String unit) {
      spec.unit = unit;
      return this;
    }

    @Override
    public DoubleCounterBuilder ofDoubles() {
      return new DoubleCounters(spec);
    }

    @Override
    public LongCounter build() {
      return spec.build();
    }

    @Override
    public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
      return spec.observe(callback);
    }
  }

  static final class DoubleCounters implements DoubleCounterBuilder {
    private final InstrumentSpec spec;

    DoubleCounters(InstrumentSpec spec) {
      this.spec = spec;
    }

    @Override
    public DoubleCounterBuilder setDescription(String description) {
      spec.description = description;
      return this;
    }

    @Override
    public DoubleCounterBuilder setUnit(String unit) {
      spec.unit = unit;
      return this;
    }

    @Override
    public DoubleCounter build() {
      return spec.build();
    }

    @Override
    public ObservableDoubleCounter buildWithCallback(Consumer<ObservableDoubleMeasurement> callback) {
      return spec.observe(callback);
    }
  }

  static final class LongUpDownCounters implements LongUpDownCounterBuilder {
    private final InstrumentSpec spec;

    LongUpDownCounters(InstrumentSpec spec) {
      this.spec = spec;
    }

    @Override
    public LongUpDownCounterBuilder setDescription(String description) {
      spec.description = description;
      return this;
    }

    @Override
    public LongUpDownCounterBuilder setUnit(String unit) {
      spec.unit = unit;
      return this;
    }

    @Override
    public DoubleUpDownCounterBuilder ofDoubles() {
      return new DoubleUpDownCounters(spec);
    }

    @Override
    public LongUpDownCounter build() {
      return spec.build();
    }

    @Override
    public ObservableLongUpDownCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
      return spec.observe(callback);
    }
  }

  static final class DoubleUpDownCounters implements DoubleUpDownCounterBuilder {
    private final InstrumentSpec spec;

    DoubleUpDownCounters(InstrumentSpec spec) {
      this.spec = spec;
    }

    @Override
    public DoubleUpDownCounterBuilder setDescription(String description) {
      spec.description = description;
      return this;
    }

    @Override
    public DoubleUpDownCounterBuilder setUnit(String unit) {
      spec.unit = unit;
      return this;
    }

    @Override
    public DoubleUpDownCounter build() {
      return spec.build();
    }

    @Override
    public ObservableDoubleUpDownCounter buildWithCallback(Consumer<ObservableDoubleMeasurement> callback) {
      return spec.observe(callback);
    }
  }
}
