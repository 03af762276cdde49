package dev.sightline.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads a running JVM from outside: CPU and memory from {@code /proc}, class and heap figures
 * from the JDK's {@code jstat} and {@code jcmd}, so the measured process runs no extra code.
 */
final class ProcessProbe {

  private static final Path JDK_BIN = Path.of(System.getProperty("java.home"), "bin");

  private final long pid;

  ProcessProbe(long pid) {
    this.pid = pid;
  }

  /** User + system CPU of all the process's threads so far (utime + stime of /proc/PID/stat). */
  double cpuSeconds() {
    return ProcessHandle.of(pid)
        .flatMap(handle -> handle.info().totalCpuDuration())
        .map(duration -> duration.toNanos() / 1e9)
        .orElse(Double.NaN);
  }

  /**
   * CPU seconds per thread group so far, from /proc/PID/task/TID/stat, digits in thread names
   * folded ("http-app-worker-N"), biggest first. Shows where an agent's CPU goes (its export
   * threads, the request threads, JIT compilers, GC). Linux only; empty elsewhere.
   */
  Map<String, Double> cpuByThreadGroup() {
    Map<String, Double> groups = new HashMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (var stream = Files.list(tasks)) {
      for (Path task : (Iterable<Path>) stream::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "N");
          String[] fields = stat.substring(close + 2).split(" ");
          // Fields after the name start at state (3rd); utime and stime are the 14th and 15th.
          double ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          groups.merge(name, ticks / CLOCK_TICKS, Double::sum);
        } catch (IOException | RuntimeException e) {
          // The thread ended meanwhile.
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    Map<String, Double> sorted = new java.util.LinkedHashMap<>();
    groups.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
    return sorted;
  }

  /** USER_HZ: what Linux reports CPU ticks in for user space on every common platform. */
  private static final double CLOCK_TICKS = 100.0;

  /** Peak resident set size (VmHWM), in bytes. */
  long peakRssBytes() {
    return statusKb("VmHWM") * 1024;
  }

  /** Current resident set size (VmRSS), in bytes. */
  long rssBytes() {
    return statusKb("VmRSS") * 1024;
  }

  private long statusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux, or the process is gone: the figure is missing, the run is not.
    }
    return -1;
  }

  /** Classes loaded so far ({@code jstat -class}: Loaded). */
  long classesLoaded() {
    Map<String, Double> columns = jstat("-class");
    Double loaded = columns.get("Loaded");
    return loaded == null ? -1 : loaded.longValue();
  }

  /** Forces a full collection ({@code jcmd GC.run}), then reads heap and metaspace in use. */
  HeapAfterGc heapAfterGc() {
    run(List.of(JDK_BIN.resolve("jcmd").toString(), Long.toString(pid), "GC.run"));
    Map<String, Double> gc = jstat("-gc");
    double heapKb = gc.getOrDefault("S0U", 0.0) + gc.getOrDefault("S1U", 0.0)
        + gc.getOrDefault("EU", 0.0) + gc.getOrDefault("OU", 0.0);
    double metaspaceKb = gc.getOrDefault("MU", Double.NaN);
    return new HeapAfterGc(gc.isEmpty() ? -1 : (long) (heapKb * 1024),
        Double.isNaN(metaspaceKb) ? -1 : (long) (metaspaceKb * 1024));
  }

  record HeapAfterGc(long heapUsedBytes, long metaspaceUsedBytes) {}

  /** One jstat sample as column name → value. */
  private Map<String, Double> jstat(String option) {
    String output = run(List.of(JDK_BIN.resolve("jstat").toString(), option, Long.toString(pid)));
    return parseColumns(output);
  }

  static Map<String, Double> parseColumns(String output) {
    Map<String, Double> columns = new HashMap<>();
    String[] lines = output.strip().split("\\R");
    if (lines.length < 2) {
      return columns;
    }
    List<String> names = split(lines[lines.length - 2]);
    List<String> values = split(lines[lines.length - 1]);
    for (int i = 0; i < Math.min(names.size(), values.size()); i++) {
      try {
        // jstat -class has two columns named Bytes; the first of each name wins.
        columns.putIfAbsent(names.get(i), Double.parseDouble(values.get(i)));
      } catch (NumberFormatException e) {
        // "-" for a space the collector does not have.
      }
    }
    return columns;
  }

  private static List<String> split(String line) {
    return new ArrayList<>(Arrays.asList(line.trim().split("\\s+")));
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      return new String(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
