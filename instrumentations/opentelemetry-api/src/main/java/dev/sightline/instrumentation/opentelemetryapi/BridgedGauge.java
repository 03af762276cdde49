package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.api.common.Attributes;
import application.io.opentelemetry.api.metrics.DoubleGauge;
import application.io.opentelemetry.api.metrics.LongGauge;
import application.io.opentelemetry.context.Context;

/**
 * The synchronous gauge of API 1.38 and newer. A class of its own: on an older API its interfaces
 * do not exist, and only this class, never loaded there, names them.
 */
final class BridgedGauge implements LongGauge, DoubleGauge {

  private final BridgedInstrument values;

  BridgedGauge(BridgedInstrument values) {
    this.values = values;
  }

  /** Every instrument is served; newer APIs ask, so callers can skip work for disabled ones. */
  public boolean isEnabled() {
    return true;
  }

  @Override
  public void set(long value) {
    values.recordValue(value, null);
  }

  @Override
  public void set(long value, Attributes attributes) {
    values.recordValue(value, attributes);
  }

  @Override
  public void set(long value, Attributes attributes, Context context) {
    values.recordValue(value, attributes);
  }

  @Override
  public void set(double value) {
    values.recordValue(value, null);
  }

  @Override
  public void set(double value, Attributes attributes) {
    values.recordValue(value, attributes);
  }

  @Override
  public void set(double value, Attributes attributes, Context context) {
    values.recordValue(value, attributes);
  }
}
