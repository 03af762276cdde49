package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.api.common.Attributes;
import application.io.opentelemetry.api.metrics.DoubleCounter;
import application.io.opentelemetry.api.metrics.DoubleHistogram;
import application.io.opentelemetry.api.metrics.DoubleUpDownCounter;
import application.io.opentelemetry.api.metrics.LongCounter;
import application.io.opentelemetry.api.metrics.LongHistogram;
import application.io.opentelemetry.api.metrics.LongUpDownCounter;
import application.io.opentelemetry.context.Context;
import dev.sightline.agent.telemetry.ApplicationMetrics;

/**
 * Every synchronous instrument of the stable API but the gauge (newer, see {@link BridgedGauge}):
 * counters and histograms, long or double, all record into one of the agent's families.
 */
final class BridgedInstrument
    implements LongCounter, DoubleCounter, LongUpDownCounter, DoubleUpDownCounter, LongHistogram, DoubleHistogram {

  private final ApplicationMetrics.Instrument instrument;

  BridgedInstrument(ApplicationMetrics.Instrument instrument) {
    this.instrument = instrument;
  }

  void recordValue(double value, Attributes attributes) {
    String[][] labels = AttributeConversions.toLabels(attributes);
    instrument.record(value, labels[0], labels[1]);
  }

  /** Every instrument is served; newer APIs ask, so callers can skip work for disabled ones. */
  public boolean isEnabled() {
    return true;
  }

  @Override
  public void add(long value) {
    recordValue(value, null);
  }

  @Override
  public void add(long value, Attributes attributes) {
    recordValue(value, attributes);
  }

  @Override
  public void add(long value, Attributes attributes, Context context) {
    recordValue(value, attributes);
  }

  @Override
  public void add(double value) {
    recordValue(value, null);
  }

  @Override
  public void add(double value, Attributes attributes) {
    recordValue(value, attributes);
  }

  @Override
  public void add(double value, Attributes attributes, Context context) {
    recordValue(value, attributes);
  }

  @Override
  public void record(long value) {
    recordValue(value, null);
  }

  @Override
  public void record(long value, Attributes attributes) {
    recordValue(value, attributes);
  }

  @Override
  public void record(long value, Attributes attributes, Context context) {
    recordValue(value, attributes);
  }

  @Override
  public void record(double value) {
    recordValue(value, null);
  }

  @Override
  public void record(double value, Attributes attributes) {
    recordValue(value, attributes);
  }

  @Override
  public void record(double value, Attributes attributes, Context context) {
    recordValue(value, attributes);
  }
}
