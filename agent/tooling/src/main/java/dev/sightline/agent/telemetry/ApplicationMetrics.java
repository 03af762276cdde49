package dev.sightline.agent.telemetry;

import dev.sightline.bootstrap.AgentLog;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;

/**
 * The metrics the application records through the OpenTelemetry metrics API, served on the agent's
 * {@code /metrics} next to its own. Names follow the OpenTelemetry-to-Prometheus rules users know
 * from the SDK's Prometheus exporter: dots become underscores, the unit becomes a suffix
 * ({@code s} {@code _seconds}, {@code By} {@code _bytes}), counters end in {@code _total}.
 * Attributes become labels, bounded like the agent's own: past {@value #MAX_SERIES} label sets an
 * instrument's new ones are folded into one series labelled {@code otel_metric_overflow="true"}, as
 * the SDK does. Only JDK types cross into here, so every copy of the API an application bundles
 * shares one set of families.
 */
public final class ApplicationMetrics implements MultiCollector {

  /** What an instrument's values mean, which decides its Prometheus type. */
  public enum Kind {
    /** Monotonic sums: a counter. */
    COUNTER,
    /** Sums that go up and down: a gauge. */
    UP_DOWN_COUNTER,
    /** The last value recorded: a gauge. */
    GAUGE,
    HISTOGRAM
  }

  /** A synchronous instrument: {@code keys} and {@code values} are the attributes, in any order. */
  public interface Instrument {
    void record(double value, String[] keys, String[] values);
  }

  /** What an observable instrument's callback is handed at each scrape. */
  public interface Observation {
    void record(double value, String[] keys, String[] values);
  }

  static final int MAX_SERIES = 2000;
  private static final int MAX_FAMILIES = 1000;
  private static final int MAX_LABEL_VALUE_LENGTH = 256;
  /** The boundaries the OpenTelemetry SDK gives a histogram the application gave none. */
  static final double[] DEFAULT_BOUNDARIES = {0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000};
  private static final Instrument NONE = (value, keys, values) -> { };
  private static final Labels OVERFLOW = Labels.of("otel_metric_overflow", "true");
  /** Families the agent itself serves: an application instrument of the same name would break the exposition. */
  private static final String[] AGENT_PREFIXES = {"sightline_", "jvm_", "process_", "http_server_request_duration",
    "http_client_request_duration", "db_client_operation_duration", "messaging_"};

  private final Map<String, Family> families = new ConcurrentHashMap<>();

  /** The synchronous instrument named {@code name}, created on first use; a no-op when it cannot be served. */
  public Instrument instrument(Kind kind, String name, String description, String unit, double[] boundaries) {
    Family family = family(kind, name, description, unit, boundaries);
    return family == null ? NONE : family::record;
  }

  /** Calls {@code callback} at every scrape until the returned handle runs. */
  public Runnable observe(Kind kind, String name, String description, String unit, Consumer<Observation> callback) {
    Family family = family(kind, name, description, unit, null);
    if (family == null) {
      return () -> { };
    }
    family.callbacks.add(callback);
    return () -> family.callbacks.remove(callback);
  }

  private Family family(Kind kind, String name, String description, String unit, double[] boundaries) {
    String prometheusName = prometheusName(kind, name, unit);
    if (prometheusName == null) {
      AgentLog.warnOnce("app-metric-name:" + name, "the application's metric '" + name + "' has no usable Prometheus name; it is not served", null);
      return null;
    }
    for (String prefix : AGENT_PREFIXES) {
      if (prometheusName.startsWith(prefix)) {
        AgentLog.warnOnce("app-metric-agent:" + prometheusName, "the application's metric '" + name + "' would be "
            + prometheusName + ", a family of the agent's own; it is not served", null);
        return null;
      }
    }
    Family family = families.get(prometheusName);
    if (family == null) {
      if (families.size() >= MAX_FAMILIES) {
        AgentLog.warnOnce("app-metric-families", "the application created more than " + MAX_FAMILIES
            + " metrics; the next ones are not served", null);
        return null;
      }
      String help = description == null || description.isEmpty() ? name : description;
      family = families.computeIfAbsent(prometheusName, key -> new Family(kind, key, help,
          boundaries != null && boundaries.length > 0 ? sortedBounds(boundaries) : DEFAULT_BOUNDARIES));
    }
    if (family.kind != kind) {
      AgentLog.warnOnce("app-metric-kind:" + prometheusName, "the application's metric '" + name + "' is recorded as "
          + family.kind + " and as " + kind + "; only the first is served", null);
      return null;
    }
    return family;
  }

  /** The Prometheus family name of an OpenTelemetry instrument, or null when nothing valid is left. */
  static String prometheusName(Kind kind, String name, String unit) {
    if (name == null || name.isEmpty()) {
      return null;
    }
    String base = PrometheusNaming.sanitizeMetricName(name.replace('.', '_').replace('-', '_'));
    String suffix = unitSuffix(unit);
    if (!suffix.isEmpty() && !base.endsWith("_" + suffix)) {
      base = base + "_" + suffix;
    }
    if (kind == Kind.COUNTER && base.endsWith("_total")) {
      base = base.substring(0, base.length() - "_total".length());
    }
    return base.isEmpty() || !PrometheusNaming.isValidMetricName(base) ? null : base;
  }

  /** The unit as a name suffix: the base units spelled out, annotations ({@code {request}}) and {@code 1} dropped. */
  static String unitSuffix(String unit) {
    if (unit == null) {
      return "";
    }
    String bare = unit.replaceAll("\\{[^}]*\\}", "").trim();
    switch (bare) {
      case "":
      case "1":
        return "";
      case "s":
        return "seconds";
      case "ms":
        return "milliseconds";
      case "us":
        return "microseconds";
      case "ns":
        return "nanoseconds";
      case "By":
        return "bytes";
      case "KiBy":
        return "kibibytes";
      case "MiBy":
        return "mebibytes";
      case "%":
        return "percent";
      default:
        String sanitized = bare.replaceAll("[^a-zA-Z0-9]+", "_").replaceAll("^_+|_+$", "");
        return sanitized.toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static double[] sortedBounds(double[] boundaries) {
    double[] sorted = Arrays.stream(boundaries).filter(bound -> !Double.isNaN(bound) && !Double.isInfinite(bound))
        .sorted().distinct().toArray();
    return sorted.length == 0 ? DEFAULT_BOUNDARIES : sorted;
  }

  @Override
  public MetricSnapshots collect() {
    List<MetricSnapshot> snapshots = new ArrayList<>(families.size());
    for (Family family : families.values()) {
      try {
        MetricSnapshot snapshot = family.snapshot();
        if (snapshot != null) {
          snapshots.add(snapshot);
        }
      } catch (RuntimeException e) {
        AgentLog.warnOnce("app-metric-collect:" + family.name, "the application's metric " + family.name
            + " could not be collected; it is left out", e);
      }
    }
    return new MetricSnapshots(snapshots);
  }

  /** One instrument's series: the synchronous recordings, and the callbacks of observable ones. */
  private static final class Family {
    final Kind kind;
    final String name;
    final String help;
    final double[] bounds;
    final Map<Labels, Cell> cells = new ConcurrentHashMap<>();
    final List<Consumer<Observation>> callbacks = new CopyOnWriteArrayList<>();

    Family(Kind kind, String name, String help, double[] bounds) {
      this.kind = kind;
      this.name = name;
      this.help = help;
      this.bounds = bounds;
    }

    void record(double value, String[] keys, String[] values) {
      if (Double.isNaN(value) || (kind == Kind.COUNTER && value < 0)) {
        return; // the API says so: a counter never goes down, NaN means nothing
      }
      cell(cells, labels(keys, values)).add(kind, value, bounds);
    }

    private Cell cell(Map<Labels, Cell> into, Labels labels) {
      Cell cell = into.get(labels);
      if (cell != null) {
        return cell;
      }
      if (into.size() >= MAX_SERIES) {
        labels = OVERFLOW;
      }
      return into.computeIfAbsent(labels, key -> new Cell(bounds.length + 1));
    }

    MetricSnapshot snapshot() {
      Map<Labels, Cell> observed = cells;
      if (!callbacks.isEmpty()) {
        // Observable instruments report their whole value at each scrape: cells of this scrape only.
        Map<Labels, Cell> fresh = new ConcurrentHashMap<>();
        for (Consumer<Observation> callback : callbacks) {
          try {
            callback.accept((value, keys, values) -> {
              if (!Double.isNaN(value)) {
                cell(fresh, labels(keys, values)).add(kind == Kind.COUNTER || kind == Kind.UP_DOWN_COUNTER ? Kind.GAUGE : kind, value, bounds);
              }
            });
          } catch (RuntimeException e) {
            AgentLog.warnOnce("app-metric-callback:" + name, "a callback of the application's metric " + name
                + " failed; its values are left out of this scrape", e);
          }
        }
        if (cells.isEmpty()) {
          observed = fresh;
        } else {
          observed = new ConcurrentHashMap<>(cells);
          observed.putAll(fresh);
        }
      }
      if (observed.isEmpty()) {
        return null;
      }
      switch (kind) {
        case COUNTER: {
          CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
          observed.forEach((labels, cell) -> builder.dataPoint(
              CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(cell.value()).build()));
          return builder.build();
        }
        case HISTOGRAM: {
          HistogramSnapshot.Builder builder = HistogramSnapshot.builder().name(name).help(help);
          double[] upperBounds = Arrays.copyOf(bounds, bounds.length + 1);
          upperBounds[bounds.length] = Double.POSITIVE_INFINITY;
          observed.forEach((labels, cell) -> builder.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
              .labels(labels).sum(cell.value()).classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds, cell.bucketCounts()))
              .build()));
          return builder.build();
        }
        default: {
          GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
          observed.forEach((labels, cell) -> builder.dataPoint(
              GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(cell.value()).build()));
          return builder.build();
        }
      }
    }
  }

  private static Labels labels(String[] keys, String[] values) {
    if (keys == null || keys.length == 0) {
      return Labels.EMPTY;
    }
    String[] names = new String[keys.length];
    String[] texts = new String[keys.length];
    int n = 0;
    for (int i = 0; i < keys.length && i < values.length; i++) {
      if (keys[i] == null || keys[i].isEmpty()) {
        continue;
      }
      String label = PrometheusNaming.sanitizeLabelName(keys[i].replace('.', '_'));
      if (label.isEmpty() || contains(names, n, label)) {
        continue;
      }
      String value = values[i] == null ? "" : values[i];
      names[n] = label;
      texts[n] = value.length() > MAX_LABEL_VALUE_LENGTH ? value.substring(0, MAX_LABEL_VALUE_LENGTH) : value;
      n++;
    }
    return Labels.of(Arrays.copyOf(names, n), Arrays.copyOf(texts, n));
  }

  private static boolean contains(String[] names, int count, String name) {
    for (int i = 0; i < count; i++) {
      if (names[i].equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** One series: its sum or last value, and for histograms its bucket counts. */
  private static final class Cell {
    private final DoubleAdder sum = new DoubleAdder();
    private volatile double last;
    private volatile boolean isLast;
    private final AtomicLongArray buckets;

    Cell(int bucketCount) {
      this.buckets = new AtomicLongArray(bucketCount);
    }

    void add(Kind kind, double value, double[] bounds) {
      switch (kind) {
        case GAUGE:
          last = value;
          isLast = true;
          return;
        case HISTOGRAM:
          int bucket = Arrays.binarySearch(bounds, value);
          buckets.incrementAndGet(bucket >= 0 ? bucket : -bucket - 1);
          sum.add(value);
          return;
        default:
          sum.add(value);
      }
    }

    double value() {
      return isLast ? last : sum.sum();
    }

    long[] bucketCounts() {
      long[] counts = new long[buckets.length()];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = buckets.get(i);
      }
      return counts;
    }
  }
}
