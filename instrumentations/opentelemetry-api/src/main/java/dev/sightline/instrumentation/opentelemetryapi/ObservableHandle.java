package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.api.metrics.ObservableDoubleCounter;
import application.io.opentelemetry.api.metrics.ObservableDoubleGauge;
import application.io.opentelemetry.api.metrics.ObservableDoubleUpDownCounter;
import application.io.opentelemetry.api.metrics.ObservableLongCounter;
import application.io.opentelemetry.api.metrics.ObservableLongGauge;
import application.io.opentelemetry.api.metrics.ObservableLongUpDownCounter;

/** What {@code buildWithCallback} returns: closing it stops the callback. */
final class ObservableHandle implements ObservableLongCounter, ObservableDoubleCounter, ObservableLongUpDownCounter,
    ObservableDoubleUpDownCounter, ObservableLongGauge, ObservableDoubleGauge {

  private final Runnable stop;

  ObservableHandle(Runnable stop) {
    this.stop = stop;
  }

  @Override
  public void close() {
    stop.run();
  }
}
