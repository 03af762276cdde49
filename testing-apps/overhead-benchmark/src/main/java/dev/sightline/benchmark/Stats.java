package dev.sightline.benchmark;

import java.util.List;

/** Median, min, max and percentiles, nothing approximated. */
final class Stats {

  private Stats() {}

  /** Nearest-rank percentile of an ascending array; 0 when empty. */
  static long percentileOfSorted(long[] sorted, double percentile) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  static double median(List<Double> values) {
    double[] sorted = sorted(values);
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  static double min(List<Double> values) {
    double[] sorted = sorted(values);
    return sorted.length == 0 ? Double.NaN : sorted[0];
  }

  static double max(List<Double> values) {
    double[] sorted = sorted(values);
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
  }

  private static double[] sorted(List<Double> values) {
    return values.stream().filter(v -> v != null && !v.isNaN())
        .mapToDouble(Double::doubleValue).sorted().toArray();
  }
}
