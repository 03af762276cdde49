package dev.sightline.benchmark;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EndToEndLatency's closing lines: "Avg latency: 2.2242 ms" and
 * "Percentiles: 50th = 1, 99th = 10, 99.9th = 19" (whole milliseconds, as the tool prints them).
 * The tool sends one record, waits until its consumer has it, and repeats: one produce and one
 * consume per round trip, and its own count ends the run.
 */
final class MessagingEndToEndOutput implements MessagingToolOutput {

  static final MessagingMetric AVERAGE = new MessagingMetric("avg_ms", "Round trip, mean", "ms", 3);
  static final MessagingMetric P50 = new MessagingMetric("p50_ms", "Round trip p50 (whole ms)", "ms", 0);
  static final MessagingMetric P99 = new MessagingMetric("p99_ms", "Round trip p99 (whole ms)", "ms", 0);

  private static final Pattern AVG = Pattern.compile("^Avg latency: ([0-9.]+) ms$");
  private static final Pattern PERCENTILES = Pattern.compile(
      "^Percentiles: 50th = (\\d+), 99th = (\\d+), 99\\.9th = (\\d+)$");

  private final Map<String, Double> figures = new HashMap<>(Map.of(
      AVERAGE.key(), Double.NaN, P50.key(), Double.NaN, P99.key(), Double.NaN));

  @Override
  public void line(String line) {
    String stripped = line.strip();
    Matcher avg = AVG.matcher(stripped);
    if (avg.matches()) {
      figures.put(AVERAGE.key(), Double.parseDouble(avg.group(1)));
    }
    Matcher percentiles = PERCENTILES.matcher(stripped);
    if (percentiles.matches()) {
      figures.put(P50.key(), Double.parseDouble(percentiles.group(1)));
      figures.put(P99.key(), Double.parseDouble(percentiles.group(2)));
    }
  }

  @Override
  public boolean complete() {
    return false;
  }

  @Override
  public Map<String, Double> figures() {
    return Map.copyOf(figures);
  }
}
