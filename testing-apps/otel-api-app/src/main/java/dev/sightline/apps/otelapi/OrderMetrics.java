package dev.sightline.apps.otelapi;

import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;

/**
 * The app's own metrics, one instrument of each kind a service uses; all built once, at start, as
 * services do. Only builder methods that API 1.30 has are used, so the old-API run links.
 */
final class OrderMetrics {

  private static final AttributeKey<String> PRODUCT = stringKey("product");

  private final LongCounter placed;
  private final LongHistogram amount;
  private final LongUpDownCounter queueDepth;
  private final DoubleHistogram processing;
  /** Kept for the app's life: the callback is what the agent reads at each collection. */
  @SuppressWarnings("unused")
  private final ObservableLongGauge poolSize;

  OrderMetrics(Meter meter) {
    placed = meter.counterBuilder("orders.placed").setDescription("Orders placed").build();
    amount = meter.histogramBuilder("order.amount").ofLongs().setUnit("By").build();
    queueDepth = meter.upDownCounterBuilder("queue.depth").build();
    processing = meter.histogramBuilder("order.processing.duration").setUnit("s").build();
    poolSize = meter.gaugeBuilder("pool.size").ofLongs()
        .buildWithCallback(measurement -> measurement.record(7, Attributes.of(stringKey("pool"), "workers")));
  }

  /** One order of {@code product}: fixed values, so the test knows every sum. */
  void orderPlaced(String product) {
    Attributes attributes = Attributes.of(PRODUCT, product);
    placed.add(1, attributes);
    amount.record(1500, attributes);
    queueDepth.add(5);
    queueDepth.add(-2);
    processing.record(0.25);
  }
}
