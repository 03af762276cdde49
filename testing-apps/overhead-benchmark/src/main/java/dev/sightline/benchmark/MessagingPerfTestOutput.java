package dev.sightline.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PerfTest's once-a-second lines: "id: test-1, time 3.005 s, sent: 5003 msg/s, received: 5005
 * msg/s, min/median/75th/95th/99th consumer latency: 201/529/610/2086/4523 µs". Lines of seconds
 * that start inside the warm-up are skipped; PerfTest ends by itself (-z). Its closing summary
 * covers the warm-up too, so rates are the mean of the measured seconds and each latency
 * percentile is the median of the measured seconds' percentiles.
 */
final class MessagingPerfTestOutput implements MessagingToolOutput {

  static final MessagingMetric PUBLISHED = new MessagingMetric("published_per_s", "Published", "msg/s", 0);
  static final MessagingMetric CONSUMED = new MessagingMetric("consumed_per_s", "Consumed", "msg/s", 0);
  static final MessagingMetric LATENCY_P50 =
      new MessagingMetric("latency_p50_ms", "Consumer latency p50", "ms", 3);
  static final MessagingMetric LATENCY_P95 =
      new MessagingMetric("latency_p95_ms", "Consumer latency p95", "ms", 3);
  static final MessagingMetric LATENCY_P99 =
      new MessagingMetric("latency_p99_ms", "Consumer latency p99", "ms", 3);

  // The unit is µs unless PerfTest runs with --use-millis; µ may arrive mangled by the console's charset.
  private static final Pattern SECOND = Pattern.compile(
      ".*\\btime:? ([0-9.]+) ?s, sent: (\\d+) msg/s, received: (\\d+) msg/s"
          + "(?:, min/median/75th/95th/99th consumer latency: (\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+) (\\S+))?.*");

  private final double warmupSeconds;
  private final double measureSeconds;
  private final List<Double> published = new ArrayList<>();
  private final List<Double> consumed = new ArrayList<>();
  private final List<Double> p50 = new ArrayList<>();
  private final List<Double> p95 = new ArrayList<>();
  private final List<Double> p99 = new ArrayList<>();
  private double previousTime;
  private double measuredSeconds;

  MessagingPerfTestOutput(double warmupSeconds, double measureSeconds) {
    this.warmupSeconds = warmupSeconds;
    this.measureSeconds = measureSeconds;
  }

  @Override
  public void line(String line) {
    Matcher second = SECOND.matcher(line);
    if (!second.matches()) {
      return;
    }
    double time = Double.parseDouble(second.group(1));
    double start = previousTime;
    previousTime = time;
    if (start + 1e-6 < warmupSeconds || measuredSeconds + 0.5 >= measureSeconds) {
      return;
    }
    measuredSeconds += time - start;
    published.add(Double.parseDouble(second.group(2)));
    consumed.add(Double.parseDouble(second.group(3)));
    if (second.group(4) != null) {
      double toMillis = second.group(9).equals("ms") ? 1 : 0.001;
      p50.add(Double.parseDouble(second.group(5)) * toMillis);
      p95.add(Double.parseDouble(second.group(7)) * toMillis);
      p99.add(Double.parseDouble(second.group(8)) * toMillis);
    }
  }

  @Override
  public boolean complete() {
    return false;
  }

  @Override
  public Map<String, Double> figures() {
    return Map.of(PUBLISHED.key(), mean(published), CONSUMED.key(), mean(consumed),
        LATENCY_P50.key(), Stats.median(p50), LATENCY_P95.key(), Stats.median(p95),
        LATENCY_P99.key(), Stats.median(p99), MessagingMetric.MEASURED.key(), measuredSeconds);
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
