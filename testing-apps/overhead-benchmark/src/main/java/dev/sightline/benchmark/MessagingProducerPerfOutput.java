package dev.sightline.benchmark;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ProducerPerformance's progress lines, one per reporting interval:
 * "52311 records sent, 52290.1 records/sec (4.99 MB/sec), 3.1 ms avg latency, 40.0 ms max latency."
 * The tool runs with more records than it can send in the window and is stopped once the window
 * is covered, so the duration, not a record count, bounds every variant's run.
 */
final class MessagingProducerPerfOutput implements MessagingToolOutput {

  static final MessagingMetric RECORDS_PER_SECOND =
      new MessagingMetric("records_per_s", "Records sent", "records/s", 0);

  // The closing summary has percentiles after "max latency,": it is not a window.
  private static final Pattern WINDOW = Pattern.compile(
      "^(\\d+) records sent, ([0-9.]+) records/sec \\([0-9.]+ MB/sec\\), [0-9.]+ ms avg latency, [0-9.]+ ms max latency\\.$");

  private final MessagingWindows windows;

  MessagingProducerPerfOutput(double warmupSeconds, double measureSeconds) {
    windows = new MessagingWindows(warmupSeconds, measureSeconds);
  }

  @Override
  public void line(String line) {
    Matcher window = WINDOW.matcher(line.strip());
    if (window.matches()) {
      double records = Double.parseDouble(window.group(1));
      double rate = Double.parseDouble(window.group(2));
      if (rate > 0) {
        windows.add(records, records / rate);
      }
    }
  }

  @Override
  public boolean complete() {
    return windows.complete();
  }

  @Override
  public Map<String, Double> figures() {
    return Map.of(RECORDS_PER_SECOND.key(), windows.rate(),
        MessagingMetric.MEASURED.key(), windows.measuredSeconds());
  }
}
