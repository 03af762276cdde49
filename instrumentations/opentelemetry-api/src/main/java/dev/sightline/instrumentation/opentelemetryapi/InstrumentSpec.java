package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.api.common.Attributes;
import application.io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import application.io.opentelemetry.api.metrics.ObservableLongMeasurement;
import dev.sightline.agent.telemetry.ApplicationMetrics;
import java.util.List;
import java.util.function.Consumer;

/** What an instrument builder has been told so far, shared by the builder classes of every kind. */
final class InstrumentSpec {

  final ApplicationMetrics metrics;
  final ApplicationMetrics.Kind kind;
  final String name;
  String description;
  String unit;
  double[] boundaries;

  InstrumentSpec(ApplicationMetrics metrics, ApplicationMetrics.Kind kind, String name) {
    this.metrics = metrics;
    this.kind = kind;
    this.name = name;
  }

  void boundaries(List<? extends Number> advice) {
    if (advice != null) {
      boundaries = advice.stream().filter(bound -> bound != null).mapToDouble(Number::doubleValue).toArray();
    }
  }

  BridgedInstrument build() {
    return new BridgedInstrument(metrics.instrument(kind, name, description, unit, boundaries));
  }

  /**
   * The synchronous gauge, as an {@code Object}: its interfaces exist from API 1.38 on, and a
   * builder method declared to return one must not make an older API load them.
   */
  Object synchronousGauge() {
    return new BridgedGauge(build());
  }

  /** Long and double callbacks alike: {@link Measurement} is both kinds of measurement. */
  ObservableHandle observe(Consumer<? super Measurement> callback) {
    return new ObservableHandle(metrics.observe(kind, name, description, unit,
        observation -> callback.accept(new Measurement(observation))));
  }

  /** What an observable instrument's callback records into, at each scrape. */
  static final class Measurement implements ObservableLongMeasurement, ObservableDoubleMeasurement {
    private final ApplicationMetrics.Observation observation;

    Measurement(ApplicationMetrics.Observation observation) {
      this.observation = observation;
    }

    @Override
    public void record(long value) {
      observation.record(value, null, null);
    }

    @Override
    public void record(long value, Attributes attributes) {
      record((double) value, attributes);
    }

    @Override
    public void record(double value) {
      observation.record(value, null, null);
    }

    @Override
    public void record(double value, Attributes attributes) {
      String[][] labels = AttributeConversions.toLabels(attributes);
      observation.record(value, labels[0], labels[1]);
    }
  }
}
