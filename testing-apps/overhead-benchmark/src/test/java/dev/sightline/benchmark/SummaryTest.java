package dev.sightline.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

  private static final long MIB = 1024 * 1024;

  private final List<Variant> variants = List.of(
      new Variant("none", "No agent", null),
      new Variant("sightline", "Sightline", Path.of("s.jar")),
      new Variant("otel", "OpenTelemetry agent", Path.of("o.jar")));

  @Test
  void mediansRatiosAndTargets() {
    List<RunResult> runs = new ArrayList<>();
    for (int round = 1; round <= 3; round++) {
      runs.add(run("none", round, 0.30 + round / 100.0, 10_000, 100 * MIB, 0));
      runs.add(run("sightline", round, 0.50 + round / 100.0, 9_600, 140 * MIB, 7 * MIB));
      runs.add(run("otel", round, 3.00 + round / 100.0, 8_000, 400 * MIB, 24 * MIB));
    }
    Summary summary = new Summary(variants, runs);

    assertEquals(0.32, summary.figure(Metric.STARTUP, "none").median(), 1e-9);
    assertEquals(0.31, summary.figure(Metric.STARTUP, "none").min(), 1e-9);
    assertEquals(0.96, summary.ratio(Metric.THROUGHPUT, "sightline"), 1e-9);
    List<Summary.Target> targets = summary.targets();
    assertEquals(4, targets.size());
    assertTrue(targets.get(0).met(), targets.get(0).toString()); // +0.20 s ≤ 2.70 / 4
    assertTrue(targets.get(1).met()); // 96 %
    assertTrue(targets.get(2).met()); // +40 MiB ≤ 300 / 3
    assertTrue(targets.get(3).met()); // 7 ≤ 12
    assertTrue(summary.markdownTable().contains("| Throughput (req/s) | 10,000 (10,000–10,000) |"),
        summary.markdownTable());
    assertTrue(summary.csv().contains("throughput,req/s,sightline,3,9600.0000,9600.0000,9600.0000,0.9600"),
        summary.csv());
  }

  @Test
  void missedTargetsAreReported() {
    List<RunResult> runs = List.of(run("none", 1, 0.3, 10_000, 100 * MIB, 0),
        run("sightline", 1, 2.0, 9_000, 300 * MIB, 7 * MIB),
        run("otel", 1, 3.0, 8_000, 400 * MIB, 24 * MIB));
    Summary summary = new Summary(variants, runs);
    List<Summary.Target> targets = summary.targets();
    assertFalse(targets.get(0).met());
    assertFalse(targets.get(1).met());
    assertFalse(targets.get(2).met());
    assertTrue(summary.markdownTargets().contains("**no**"));
  }

  @Test
  void parsesJstatColumns() {
    Map<String, Double> columns = ProcessProbe.parseColumns(
        "Loaded  Bytes  Unloaded  Bytes     Time   \n  2131  4372.1        0     0.0       0.61\n");
    assertEquals(2131.0, columns.get("Loaded"));
    assertEquals(4372.1, columns.get("Bytes"));
  }

  private static RunResult run(String variant, int round, double startup, double throughput,
      long peakRss, long jar) {
    LoadResult load = new LoadResult((long) throughput, 0, 0, 1, throughput, 1, 2, 3, 4);
    return new RunResult(variant, round, startup, startup, peakRss / 2, load, 1, 10, peakRss,
        10 * MIB, 5 * MIB, 2000, jar, 1, 1, 1, 0);
  }
}
