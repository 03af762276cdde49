package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.api.metrics.DoubleHistogram;
import application.io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import application.io.opentelemetry.api.metrics.LongHistogram;
import application.io.opentelemetry.api.metrics.LongHistogramBuilder;
import java.util.List;

/** The builders of histograms, double and long; bucket advice (API 1.32+) becomes the buckets. */
final class HistogramBuilders {

  private HistogramBuilders() {}

  static final class DoubleHistograms implements DoubleHistogramBuilder {
    private final InstrumentSpec spec;

    DoubleHistograms(InstrumentSpec spec) {
      this.spec = spec;
    }

    @Override
    public DoubleHistogramBuilder setDescription(String description) {
      spec.description = description;
      return this;
    }

    @Override
    public DoubleHistogramBuilder setUnit(String unit) {
      spec.unit = unit;
      return this;
    }

    @Override
    public DoubleHistogramBuilder setExplicitBucketBoundariesAdvice(List<Double> boundaries) {
      spec.boundaries(boundaries);
      return this;
    }

    @Override
    public LongHistogramBuilder ofLongs() {
      return new LongHistograms(spec);
    }

    @Override
    public DoubleHistogram build() {
      return spec.build();
    }
  }

  static final class LongHistograms implements LongHistogramBuilder {
    private final InstrumentSpec spec;

    LongHistograms(InstrumentSpec spec) {
      this.spec = spec;
    }

    @Override
    public LongHistogramBuilder setDescription(String description) {
      spec.description = description;
      return this;
    }

    @Override
    public LongHistogramBuilder setUnit(String unit) {
      spec.unit = unit;
      return this;
    }

    @Override
    public LongHistogramBuilder setExplicitBucketBoundariesAdvice(List<Long> boundaries) {
      spec.boundaries(boundaries);
      return this;
    }

    @Override
    public LongHistogram build() {
      return spec.build();
    }
  }
}
