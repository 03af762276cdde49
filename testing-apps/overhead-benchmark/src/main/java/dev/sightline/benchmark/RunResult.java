package dev.sightline.benchmark;

/** Everything measured in one run of one variant. Sizes in bytes, times in seconds. */
record RunResult(String variant, int round, double startupSeconds, double startupCpuSeconds,
    long rssAtStartBytes, LoadResult load, double measureCpuSeconds, double totalCpuSeconds,
    long peakRssBytes, long heapAfterGcBytes, long metaspaceBytes, long classesLoaded,
    long jarBytes, long exportRequests, long exportBytes, long exportSpans,
    double exportCpuSeconds) {

  /** CPU time the app spent per request while the load was measured, in microseconds. */
  double cpuMicrosPerRequest() {
    return load.requests() == 0 ? Double.NaN : measureCpuSeconds / load.requests() * 1e6;
  }

  /**
   * CPU of the agent's export threads (batching, encoding, sending) per span the receiver got, in
   * microseconds, over the whole run; NaN without an agent or spans.
   */
  double exportCpuMicrosPerSpan() {
    return exportSpans == 0 ? Double.NaN : exportCpuSeconds / exportSpans * 1e6;
  }

  static final String CSV_HEADER = "variant,round,startup_s,startup_cpu_s,rss_at_start_bytes,"
      + "requests,errors,reconnects,throughput_rps,p50_ms,p90_ms,p99_ms,max_ms,"
      + "measure_cpu_s,cpu_us_per_request,total_cpu_s,peak_rss_bytes,heap_after_gc_bytes,"
      + "metaspace_bytes,classes_loaded,agent_jar_bytes,export_requests,export_bytes,"
      + "export_spans,export_cpu_s,export_cpu_us_per_span";

  String csv() {
    return String.join(",", variant, Integer.toString(round), num(startupSeconds),
        num(startupCpuSeconds), Long.toString(rssAtStartBytes), Long.toString(load.requests()),
        Long.toString(load.errors()), Long.toString(load.reconnects()), num(load.throughput()),
        num(load.p50Millis()), num(load.p90Millis()), num(load.p99Millis()),
        num(load.maxMillis()), num(measureCpuSeconds), num(cpuMicrosPerRequest()),
        num(totalCpuSeconds), Long.toString(peakRssBytes), Long.toString(heapAfterGcBytes),
        Long.toString(metaspaceBytes), Long.toString(classesLoaded), Long.toString(jarBytes),
        Long.toString(exportRequests), Long.toString(exportBytes), Long.toString(exportSpans),
        num(exportCpuSeconds), num(exportCpuMicrosPerSpan()));
  }

  private static String num(double value) {
    return String.format(java.util.Locale.ROOT, "%.4f", value);
  }
}
