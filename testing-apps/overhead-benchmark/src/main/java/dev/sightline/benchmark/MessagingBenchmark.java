package dev.sightline.benchmark;

import dev.sightline.testing.KafkaBroker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Messaging overhead: third-party load tools (Kafka's ProducerPerformance, ConsumerPerformance and
 * EndToEndLatency, RabbitMQ's PerfTest), unchanged, each in a JVM of its own with no agent, with
 * Sightline and with the OpenTelemetry Java agent, alternating per round. Writes results.md,
 * summary.csv and runs.csv. See the module README and run.sh.
 */
public final class MessagingBenchmark {

  private static final String CONSUME_TOPIC = "consume-source";
  /**
   * The broker's JVM as kafka-server-start.sh and kafka-run-class.sh start one, not as the test
   * harness starts it (C1 only, serial GC): on two cores a slow broker would cap every variant
   * alike and hide what the agents cost.
   */
  private static final List<String> BROKER_JVM = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
      "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-Djava.awt.headless=true");
  /** What went wrong around the runs (a broker restarted), for the results. */
  private static final List<String> INCIDENTS = new ArrayList<>();

  private MessagingBenchmark() {}

  public static void main(String[] args) throws Exception {
    MessagingOptions options;
    try {
      options = MessagingOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (!"help".equals(e.getMessage())) {
        System.err.println("messaging-benchmark: " + e.getMessage());
      }
      System.err.println(MessagingOptions.USAGE);
      System.exit(2);
      return;
    }
    List<Variant> variants = options.variantList();
    Map<MessagingTool.Kind, MessagingTool> tools = loadTools(options, variants);
    Path logDir = options.outputDir().resolve("logs");
    Files.createDirectories(logDir);

    String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    double loadBefore = MachineInfo.loadAverage();
    log("machine: " + MachineInfo.describe() + "; load average " + loadBefore);
    log("tools: " + tools.values().stream().map(MessagingTool::coordinates).collect(Collectors.joining(", ")));
    log(String.format(Locale.ROOT, "%d round(s) of %s over %s; per run %.0f s warm-up + %.0f s measured",
        options.rounds(), variants.stream().map(Variant::id).collect(Collectors.joining(" ")),
        options.scenarios().stream().map(MessagingScenario::id).collect(Collectors.joining(",")),
        options.warmupSeconds(), options.measureSeconds()));

    List<MessagingRunResult> runs = new ArrayList<>();
    Exception failure = null;
    Path kafkaDir = Path.of("target", "benchmark", "kafka-data").toAbsolutePath();
    KafkaBroker broker = null;
    try (DiscardingOtlpReceiver receiver = new DiscardingOtlpReceiver()) {
      if (options.needsRabbit()) {
        requireRabbit(options.rabbitUri());
      }
      if (options.needsKafka()) {
        deleteTree(kafkaDir);
        broker = KafkaBroker.start(kafkaDir, tools.get(MessagingTool.Kind.KAFKA_BROKER).classpath(),
            BROKER_JVM, logDir.resolve("kafka-broker.log"));
        log("Kafka broker " + tools.get(MessagingTool.Kind.KAFKA_BROKER).version() + " at " + broker.bootstrap());
        if (options.scenarios().contains(MessagingScenario.KAFKA_CONSUME)) {
          prefill(options, tools.get(MessagingTool.Kind.KAFKA_TOOLS), broker, logDir);
        }
      }
      MessagingToolRun toolRun = new MessagingToolRun(options, receiver, logDir);
      try {
        for (int round = 1; round <= options.rounds(); round++) {
          for (MessagingScenario scenario : options.scenarios()) {
            for (Variant variant : variants) {
              MessagingRunResult run = runOnce(options, tools, broker, toolRun, scenario, variant, round);
              runs.add(run);
              log(describe(run, variant));
              writeRunsCsv(options.outputDir().resolve("runs.csv"), runs);
              Thread.sleep((long) (options.pauseSeconds() * 1000));
            }
          }
        }
      } catch (Exception e) {
        // The runs so far are still worth a report; the failure is rethrown after it.
        failure = e;
        INCIDENTS.add("stopped early: " + e);
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
      // A full-speed produce run writes gigabytes; nothing in it is needed afterwards.
      deleteTree(kafkaDir);
    }
    double loadAfter = MachineInfo.loadAverage();

    MessagingReport report = new MessagingReport(options.scenarios(), variants, runs);
    String markdown = markdown(options, variants, tools, report, started, loadBefore, loadAfter);
    Files.writeString(options.outputDir().resolve("results.md"), markdown);
    Files.writeString(options.outputDir().resolve("summary.csv"), report.csv());
    System.out.println();
    System.out.println(markdown);
    log("written: " + options.outputDir().resolve("results.md") + ", summary.csv, runs.csv, logs/");
    if (failure != null) {
      throw failure;
    }
  }

  private static MessagingRunResult runOnce(MessagingOptions options, Map<MessagingTool.Kind, MessagingTool> tools,
      KafkaBroker broker, MessagingToolRun toolRun, MessagingScenario scenario, Variant variant,
      int round) throws Exception {
    MessagingTool tool = tools.get(scenario.tool());
    if (!scenario.usesKafka()) {
      return toolRun.run(scenario, tool, variant, round, options.rabbitUri(), null);
    }
    // On a shared machine something else may kill the broker: one lost run beats a lost benchmark.
    OptionalInt exit = broker.restartIfExited();
    if (exit.isPresent()) {
      // With no SLF4J binding the broker logs nothing, so its exit code is all there is to tell why.
      String restarted = "the Kafka broker had exited with " + exit.getAsInt()
          + (exit.getAsInt() > 128 ? " (signal " + (exit.getAsInt() - 128) + ")" : "")
          + "; restarted on its data, log " + broker.log().getFileName();
      log(restarted);
      INCIDENTS.add("before " + scenario.id() + " " + variant.id() + " round " + round + ": " + restarted);
    }
    if (scenario == MessagingScenario.KAFKA_CONSUME) {
      return toolRun.run(scenario, tool, variant, round, broker.bootstrap(), CONSUME_TOPIC);
    }
    // A topic of its own per run, made before the tool starts so that creating it is never measured,
    // and deleted after it so that the disk does not fill up.
    String topic = scenario.id() + "-" + variant.id() + "-" + round;
    broker.createTopic(topic);
    try {
      return toolRun.run(scenario, tool, variant, round, broker.bootstrap(), topic);
    } finally {
      deleteTopic(broker, topic);
    }
  }

  /** Frees a finished run's disk (a full-speed produce run writes gigabytes); a failure costs no run. */
  private static void deleteTopic(KafkaBroker broker, String topic) {
    try {
      broker.deleteTopic(topic);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log("topic " + topic + " not deleted: " + e);
    } catch (Exception e) {
      log("topic " + topic + " not deleted: " + e);
    }
  }

  /** kafka-consume reads records that ProducerPerformance itself wrote, with no agent, before any run. */
  private static void prefill(MessagingOptions options, MessagingTool kafkaTools, KafkaBroker broker,
      Path logDir) throws Exception {
    broker.createTopic(CONSUME_TOPIC);
    Path log = logDir.resolve("kafka-prefill.log");
    long started = System.nanoTime();
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        MessagingToolRun.TOOL_HEAP, "-cp", kafkaTools.classpath(), "org.apache.kafka.tools.ProducerPerformance",
        "--bootstrap-server", broker.bootstrap(), "--topic", CONSUME_TOPIC,
        "--num-records", Long.toString(options.kafkaConsumeRecords()),
        "--record-size", Integer.toString(options.messageBytes()), "--throughput", "-1",
        // Not measured: bigger batches and one ack only fill the topic sooner.
        "--command-property", "acks=1", "linger.ms=20", "batch.size=262144")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(15, java.util.concurrent.TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("pre-filling " + CONSUME_TOPIC + " failed; see " + log);
    }
    log(String.format(Locale.ROOT, "pre-filled %s with %,d records in %.0f s", CONSUME_TOPIC,
        options.kafkaConsumeRecords(), (System.nanoTime() - started) / 1e9));
  }

  private static Map<MessagingTool.Kind, MessagingTool> loadTools(MessagingOptions options, List<Variant> variants)
      throws IOException {
    List<String> problems = new ArrayList<>();
    for (Variant variant : variants) {
      if (variant.agentJar() != null && !Files.isRegularFile(variant.agentJar())) {
        problems.add(variant.label() + " jar not found at " + variant.agentJar());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("; ", problems));
    }
    Map<MessagingTool.Kind, MessagingTool> tools = new EnumMap<>(MessagingTool.Kind.class);
    if (options.needsKafka()) {
      tools.put(MessagingTool.Kind.KAFKA_BROKER, MessagingTool.load(MessagingTool.Kind.KAFKA_BROKER, options.toolsDir()));
      tools.put(MessagingTool.Kind.KAFKA_TOOLS, MessagingTool.load(MessagingTool.Kind.KAFKA_TOOLS, options.toolsDir()));
      String brokerVersion = tools.get(MessagingTool.Kind.KAFKA_BROKER).version();
      String clientVersion = MessagingTool.versionOf("kafka-clients", tools.get(MessagingTool.Kind.KAFKA_TOOLS).classpath());
      if (!brokerVersion.equals(clientVersion)) {
        throw new IllegalStateException("the tools' kafka-clients " + clientVersion + " differs from the broker "
            + brokerVersion + "; resolve both at one version (KAFKA_VERSION in run.sh)");
      }
    }
    if (options.needsRabbit()) {
      tools.put(MessagingTool.Kind.PERF_TEST, MessagingTool.load(MessagingTool.Kind.PERF_TEST, options.toolsDir()));
    }
    return tools;
  }

  private static void requireRabbit(String uri) {
    URI parsed = URI.create(uri);
    int port = parsed.getPort() > 0 ? parsed.getPort() : 5672;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(parsed.getHost(), port), 2_000);
    } catch (IOException e) {
      throw new IllegalStateException("RabbitMQ not reachable at " + parsed.getHost() + ":" + port
          + " (testing-apps/services.sh ensure starts the local one): " + e);
    }
  }

  private static String markdown(MessagingOptions options, List<Variant> variants,
      Map<MessagingTool.Kind, MessagingTool> tools, MessagingReport report, String started,
      double loadBefore, double loadAfter) {
    String command = System.getProperty("benchmark.command", "run.sh messaging");
    StringBuilder out = new StringBuilder("# Sightline overhead benchmark: messaging load tools\n\n")
        .append("- Date: ").append(started).append('\n')
        .append("- Machine: ").append(MachineInfo.describe()).append('\n')
        .append("- Command: `").append(command).append("`\n")
        .append("- Tools, as published: ").append(tools.values().stream()
            .map(tool -> "`" + tool.coordinates() + "`").collect(Collectors.joining(", ")))
        .append(" (each on the class path its own POM resolves to; Kafka tools and broker at one version)\n")
        .append("- Agents: ").append(variants.stream().filter(v -> v.agentJar() != null)
            .map(v -> v.label() + " `" + v.agentJar().getFileName() + "`" + version(v.agentJar()))
            .collect(Collectors.joining(", ")))
        .append(", both exporting OTLP/HTTP traces to one local discarding receiver\n")
        .append(String.format(Locale.ROOT, "- Conditions: %d round(s), each scenario's variants run back to back"
                + " in the order %s; per run %.0f s warm-up + %.0f s measured (the tools' own progress"
                + " windows); %d-byte messages; tool JVMs `%s`, everything else default; Kafka: one broker in"
                + " its own JVM, one partition per topic; RabbitMQ at %s; load average %s before, %s after\n\n",
            options.rounds(), variants.stream().map(Variant::id).collect(Collectors.joining(" ")),
            options.warmupSeconds(), options.measureSeconds(), options.messageBytes(),
            MessagingToolRun.TOOL_HEAP, URI.create(options.rabbitUri()).getHost() + ":"
                + URI.create(options.rabbitUri()).getPort(),
            MessagingReport.format(loadBefore, 2), MessagingReport.format(loadAfter, 2)))
        .append("Median (min–max) over the rounds; ratios are median / no-agent median"
            + " (for msg/s below 1 is slower, for latency above 1 is slower).\n\n")
        .append(report.markdownTable()).append('\n');
    for (MessagingScenario scenario : options.scenarios()) {
      out.append("- `").append(scenario.id()).append("`: ").append(scenario.label()).append('\n');
    }
    out.append("\n## What the agents printed and exported\n\n")
        .append("Agent lines are those starting `[sightline] WARN|ERROR` or `[otel.javaagent …] [thread] WARN|ERROR`;"
            + " dropped spans as the SDK logged them are the sum of its `BatchSpanProcessor dropped N span(s)` lines"
            + " (both agents pass them on); Sightline's own count is read from its `/metrics`"
            + " (`sightline_exporter_spans_dropped_total`, as N of exported + dropped) at most 2 s before the tool"
            + " ended. Export figures are what reached the receiver.\n\n")
        .append(report.markdownAgentLines()).append('\n')
        .append("Distinct agent WARN/ERROR lines (numbers blanked to group them; count in that run):\n\n")
        .append(report.markdownAgentExamples());
    if (!INCIDENTS.isEmpty()) {
      out.append("\n## Incidents\n\n").append(INCIDENTS.stream().map(line -> "- " + line)
          .collect(Collectors.joining("\n"))).append('\n');
    }
    String failed = report.failedRuns();
    if (!failed.isEmpty()) {
      out.append("\n## Runs left out (did not end as planned)\n\n").append(failed).append('\n');
    }
    String shortRuns = report.shortRuns(options.measureSeconds());
    if (!shortRuns.isEmpty()) {
      out.append("\n## Runs measured shorter than the duration\n\n").append(shortRuns).append('\n');
    }
    return out.toString();
  }

  /** The agent jar's Implementation-Version, when its manifest has one. */
  private static String version(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      String version = file.getManifest() == null ? null
          : file.getManifest().getMainAttributes().getValue("Implementation-Version");
      return version == null ? "" : " " + version;
    } catch (IOException e) {
      return "";
    }
  }

  private static String describe(MessagingRunResult run, Variant variant) {
    String figures = run.scenario().metrics().stream()
        .map(metric -> metric.label() + " " + MessagingReport.format(run.figure(metric), metric.decimals())
            + " " + metric.unit())
        .collect(Collectors.joining(", "));
    return String.format(Locale.ROOT, "round %d %-14s %-20s %s; measured %s s; %d agent WARN, %d ERROR lines;"
            + " %d export requests%s; %s in %.0f s",
        run.round(), run.scenario().id(), variant.label(), figures,
        MessagingReport.format(run.figures().getOrDefault(MessagingMetric.MEASURED.key(), Double.NaN), 1),
        run.agentWarnings(), run.agentErrors(), run.exportRequests(),
        Double.isNaN(run.sightlineSpansDropped()) ? ""
            : ", " + MessagingReport.format(run.sightlineSpansDropped(), 0) + " spans dropped",
        run.ending(), run.wallSeconds());
  }

  private static void writeRunsCsv(Path file, List<MessagingRunResult> runs) throws IOException {
    StringBuilder out = new StringBuilder(MessagingRunResult.CSV_HEADER).append('\n');
    runs.forEach(run -> out.append(run.csvRows()));
    Files.writeString(file, out);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static void log(String message) {
    System.out.println("[messaging-benchmark] " + message);
    System.out.flush();
  }
}
