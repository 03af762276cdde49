package dev.sightline.benchmark;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** A figure taken from every run, shown as median (min–max) per variant. */
record Metric(String key, String label, String unit, int decimals, boolean ratioToBaseline,
    ToDoubleFunction<RunResult> value) {

  private static final double MIB = 1024.0 * 1024.0;

  static final Metric STARTUP = new Metric("startup", "Time to first request", "s", 2, true,
      RunResult::startupSeconds);
  static final Metric STARTUP_CPU = new Metric("startup_cpu", "CPU to first request", "s", 2,
      true, RunResult::startupCpuSeconds);
  static final Metric THROUGHPUT = new Metric("throughput", "Throughput", "req/s", 0, true,
      run -> run.load().throughput());
  static final Metric P50 = new Metric("p50", "Latency p50", "ms", 3, true,
      run -> run.load().p50Millis());
  static final Metric P99 = new Metric("p99", "Latency p99", "ms", 2, true,
      run -> run.load().p99Millis());
  static final Metric CPU_PER_REQUEST = new Metric("cpu_per_request", "CPU per request", "µs", 1,
      true, RunResult::cpuMicrosPerRequest);
  static final Metric TOTAL_CPU = new Metric("total_cpu", "Process CPU, whole run", "s", 1, true,
      RunResult::totalCpuSeconds);
  static final Metric EXPORT_CPU_PER_SPAN = new Metric("export_cpu_per_span",
      "Export CPU per span", "µs", 2, false, RunResult::exportCpuMicrosPerSpan);
  static final Metric RSS_AT_START = new Metric("rss_at_start", "RSS at first request", "MiB", 0,
      true, run -> run.rssAtStartBytes() / MIB);
  static final Metric PEAK_RSS = new Metric("peak_rss", "Peak RSS", "MiB", 0, true,
      run -> run.peakRssBytes() / MIB);
  static final Metric HEAP = new Metric("heap_after_gc", "Heap after GC", "MiB", 1, true,
      run -> run.heapAfterGcBytes() / MIB);
  static final Metric METASPACE = new Metric("metaspace", "Metaspace used", "MiB", 1, true,
      run -> run.metaspaceBytes() / MIB);
  static final Metric CLASSES = new Metric("classes", "Classes loaded", "", 0, true,
      run -> run.classesLoaded());
  static final Metric JAR = new Metric("agent_jar", "Agent jar", "MiB", 1, false,
      run -> run.jarBytes() / MIB);

  static final List<Metric> ALL = List.of(STARTUP, STARTUP_CPU, THROUGHPUT, P50, P99,
      CPU_PER_REQUEST, EXPORT_CPU_PER_SPAN, TOTAL_CPU, RSS_AT_START, PEAK_RSS, HEAP, METASPACE, CLASSES, JAR);

  String labelWithUnit() {
    return unit.isEmpty() ? label : label + " (" + unit + ")";
  }
}
