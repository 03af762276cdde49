package dev.sightline.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Runs http-app or the shop with no agent, with Sightline and with the OpenTelemetry Java agent, alternating
 * A B C per round, and writes results.md, summary.csv, runs.csv and ratios.png.
 * See the module README and run.sh.
 */
public final class OverheadBenchmark {

  private OverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (!"help".equals(e.getMessage())) {
        System.err.println("overhead-benchmark: " + e.getMessage());
      }
      System.err.println(BenchmarkOptions.USAGE);
      System.exit(2);
      return;
    }
    List<Variant> variants = options.variants().stream()
        .map(id -> Variant.of(id, options)).collect(Collectors.toList());
    check(options, variants);
    Files.createDirectories(options.outputDir());

    String started = ZonedDateTime.now(ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    double loadBefore = MachineInfo.loadAverage();
    log("app: " + options.app().id() + "; machine: " + MachineInfo.describe() + "; load average " + loadBefore);
    log(String.format(Locale.ROOT, "%d round(s) of %s; per run %.0f s warm-up + %.0f s measured,"
            + " %d connections, mix %s", options.rounds(),
        variants.stream().map(Variant::id).collect(Collectors.joining(" ")),
        options.warmupSeconds(), options.measureSeconds(), options.connections(), options.mix()));

    List<RunResult> runs = new ArrayList<>();
    Path runsCsv = options.outputDir().resolve("runs.csv");
    Process downstream = null;
    try (DiscardingOtlpReceiver receiver = new DiscardingOtlpReceiver()) {
      String downstreamUrl = null;
      if (options.needsDownstream()) {
        int port = AppRun.freePort();
        downstream = AppRun.startDownstream(options, port);
        downstreamUrl = "http://127.0.0.1:" + port;
        log("downstream for /chain: no-agent http-app at " + downstreamUrl);
      }
      AppRun appRun = new AppRun(options, receiver, downstreamUrl);
      for (int round = 1; round <= options.rounds(); round++) {
        for (Variant variant : variants) {
          RunResult run = appRun.measure(variant, round);
          runs.add(run);
          log(describe(variant, run));
          writeCsv(runsCsv, runs);
          pause(options.pauseSeconds());
        }
      }
    } finally {
      if (downstream != null) {
        AppRun.stop(downstream);
      }
    }
    double loadAfter = MachineInfo.loadAverage();

    Summary summary = new Summary(variants, runs);
    String conditions = String.format(Locale.ROOT,
        "%s; app %s; %d round(s) alternating %s; load: %d closed-loop keep-alive connections from a"
            + " separate JVM, %.0f s warm-up + %.0f s measured per run, mix %s; load average %s"
            + " before, %s after",
        started, options.app().id(), options.rounds(),
        variants.stream().map(Variant::id).collect(Collectors.joining(" ")),
        options.connections(), options.warmupSeconds(), options.measureSeconds(), options.mix(),
        Summary.format(loadBefore, 2), Summary.format(loadAfter, 2));
    String command = System.getProperty("benchmark.command", "run.sh");
    String markdown = "# Sightline overhead benchmark: " + options.app().id() + "\n\n"
        + "- Date: " + started + "\n"
        + "- Machine: " + MachineInfo.describe() + "\n"
        + "- Command: `" + command + "`\n"
        + "- Conditions: " + conditions + "\n"
        + "- Agents: Sightline `" + options.sightlineAgent().getFileName() + "`, OpenTelemetry Java"
        + " agent 2.33.1, both exporting OTLP/HTTP traces to the same local receiver\n"
        + "- Export check: " + summary.exportLine() + "\n\n"
        + "Median (min–max) over the rounds; ratios are median / no-agent median.\n\n"
        + summary.markdownTable() + "\n"
        + summary.markdownTargets();
    Path out = options.outputDir();
    Files.writeString(out.resolve("results.md"), markdown);
    Files.writeString(out.resolve("summary.csv"), summary.csv());
    try {
      RatioChart.write(summary, options.app().id() + " · " + started + " · "
          + Runtime.getRuntime().availableProcessors()
          + " CPUs " + MachineInfo.cpuModel() + " · " + options.rounds() + " rounds",
          out.resolve("ratios.png"));
    } catch (IOException | RuntimeException | LinkageError e) {
      log("chart not drawn: " + e);
    }
    System.out.println();
    System.out.println(markdown);
    log("written: " + out.resolve("results.md") + ", summary.csv, runs.csv, ratios.png");
  }

  private static void check(BenchmarkOptions options, List<Variant> variants) {
    List<String> problems = new ArrayList<>();
    BenchmarkedApp app = options.app();
    if (!Files.isDirectory(options.appClasses().resolve(app.classesMarker()))) {
      problems.add(app.id() + " classes not found at " + options.appClasses()
          + " (build testing-apps/" + app.id() + ")");
    }
    for (Variant variant : variants) {
      if (variant.agentJar() != null && !Files.isRegularFile(variant.agentJar())) {
        problems.add(variant.label() + " jar not found at " + variant.agentJar()
            + (variant.id().equals("otel") ? " (run.sh fetches it with -Pbenchmark)" : ""));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("; ", problems));
    }
  }

  private static String describe(Variant variant, RunResult run) {
    return String.format(Locale.ROOT,
        "round %d %-20s first request %.2f s, %.0f req/s, p50 %.3f ms, p99 %.2f ms,"
            + " %.1f µs CPU/req, %s, peak RSS %d MiB, heap %d MiB, %d classes, %d errors",
        run.round(), variant.label(), run.startupSeconds(), run.load().throughput(),
        run.load().p50Millis(), run.load().p99Millis(), run.cpuMicrosPerRequest(),
        Double.isNaN(run.exportCpuMicrosPerSpan()) ? "no export"
            : String.format(Locale.ROOT, "export %.2f µs CPU/span", run.exportCpuMicrosPerSpan()),
        run.peakRssBytes() >> 20, run.heapAfterGcBytes() >> 20, run.classesLoaded(),
        run.load().errors());
  }

  private static void writeCsv(Path file, List<RunResult> runs) throws IOException {
    StringBuilder out = new StringBuilder(RunResult.CSV_HEADER).append('\n');
    for (RunResult run : runs) {
      out.append(run.csv()).append('\n');
    }
    Files.writeString(file, out);
  }

  private static void pause(double seconds) throws InterruptedException {
    Thread.sleep((long) (seconds * 1000));
  }

  private static void log(String message) {
    System.out.println("[overhead-benchmark] " + message);
    System.out.flush();
  }
}
