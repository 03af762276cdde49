package dev.sightline.benchmark;

/** A figure a scenario reports per run; the summary shows its median per variant. */
record MessagingMetric(String key, String label, String unit, int decimals) {

  static final MessagingMetric MEASURED = new MessagingMetric("measured_s", "Measured time", "s", 1);

  String labelWithUnit() {
    return unit.isEmpty() ? label : label + " (" + unit + ")";
  }
}
