package dev.sightline.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Command-line settings of {@link MessagingBenchmark}; defaults are for running from the module folder. */
record MessagingOptions(int rounds, double warmupSeconds, double measureSeconds,
    List<MessagingScenario> scenarios, List<String> variants, Path sightlineAgent, Path otelAgent,
    Path toolsDir, String rabbitUri, long kafkaConsumeRecords, long kafkaEndToEndRecords,
    int rabbitCappedRate, int messageBytes, Path outputDir, double pauseSeconds) {

  static final String USAGE = String.join("\n",
      "usage: run.sh messaging [options]",
      "  --rounds N              rounds of none sightline otel per scenario (default 3)",
      "  --warmup S              seconds of each run not measured (default 5)",
      "  --duration S            measured seconds per run (default 20)",
      "  --scenarios S,...       any of " + String.join(",", MessagingScenario.ids()),
      "                          (default all)",
      "  --variants V,...        any of none,sightline,otel (default all three)",
      "  --kafka-records N       records pre-filled for kafka-consume (default 60000000); a run",
      "                          that reads them all before the window ends is measured shorter",
      "  --e2e-records N         round trips of kafka-e2e (default 5000)",
      "  --rabbit-rate N         msg/s of rabbit-latency (default 5000)",
      "  --message-bytes N       payload size of every scenario (default 100)",
      "  --rabbit-uri U          (default amqp://guest:guest@127.0.0.1:5672)",
      "  --tools-dir P           where run.sh left the tools' class paths (default target/benchmark/tools)",
      "  --sightline-agent P     (default ../../agent/target/sightline-agent.jar)",
      "  --otel-agent P          (default target/benchmark/opentelemetry-javaagent.jar)",
      "  --out P                 results folder (default target/benchmark-results/messaging)",
      "  --pause S               idle seconds between runs (default 2)");

  static MessagingOptions parse(String[] args) {
    int rounds = 3;
    double warmup = 5;
    double duration = 20;
    List<MessagingScenario> scenarios = List.of(MessagingScenario.values());
    List<String> variants = List.of("none", "sightline", "otel");
    Path sightline = Path.of("../../agent/target/sightline-agent.jar");
    Path otel = Path.of("target/benchmark/opentelemetry-javaagent.jar");
    Path tools = Path.of("target/benchmark/tools");
    String rabbitUri = "amqp://guest:guest@127.0.0.1:5672";
    long kafkaRecords = 60_000_000;
    long e2eRecords = 5_000;
    int rabbitRate = 5_000;
    int messageBytes = 100;
    Path out = Path.of("target/benchmark-results/messaging");
    double pause = 2;
    for (Map.Entry<String, String> option : CommandLine.pairs(args)) {
      String value = option.getValue();
      switch (option.getKey()) {
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--warmup" -> warmup = Double.parseDouble(value);
        case "--duration" -> duration = Double.parseDouble(value);
        case "--scenarios" -> scenarios = scenarios(value);
        case "--variants" -> variants = List.of(value.split(","));
        case "--kafka-records" -> kafkaRecords = Long.parseLong(value);
        case "--e2e-records" -> e2eRecords = Long.parseLong(value);
        case "--rabbit-rate" -> rabbitRate = Integer.parseInt(value);
        case "--message-bytes" -> messageBytes = Integer.parseInt(value);
        case "--rabbit-uri" -> rabbitUri = value;
        case "--tools-dir" -> tools = Path.of(value);
        case "--sightline-agent" -> sightline = Path.of(value);
        case "--otel-agent" -> otel = Path.of(value);
        case "--out" -> out = Path.of(value);
        case "--pause" -> pause = Double.parseDouble(value);
        default -> throw new IllegalArgumentException("unknown option " + option.getKey());
      }
    }
    if (rounds < 1 || warmup < 0 || duration <= 0 || kafkaRecords < 1 || e2eRecords < 1
        || rabbitRate < 1 || messageBytes < 12) {
      // 12 bytes: PerfTest's smallest message (it carries a timestamp and a sequence number).
      throw new IllegalArgumentException("rounds, duration, record counts and rate must be positive,"
          + " --message-bytes at least 12");
    }
    for (String variant : variants) {
      if (!List.of("none", "sightline", "otel").contains(variant)) {
        throw new IllegalArgumentException("unknown variant " + variant);
      }
    }
    return new MessagingOptions(rounds, warmup, duration, scenarios, List.copyOf(variants),
        sightline.toAbsolutePath().normalize(), otel.toAbsolutePath().normalize(),
        tools.toAbsolutePath().normalize(), rabbitUri, kafkaRecords, e2eRecords, rabbitRate,
        messageBytes, out.toAbsolutePath().normalize(), pause);
  }

  private static List<MessagingScenario> scenarios(String value) {
    List<MessagingScenario> chosen = new ArrayList<>();
    for (String id : value.split(",")) {
      MessagingScenario scenario = MessagingScenario.of(id.trim());
      if (!chosen.contains(scenario)) {
        chosen.add(scenario);
      }
    }
    return List.copyOf(chosen);
  }

  List<Variant> variantList() {
    return variants.stream().map(id -> switch (id) {
      case "none" -> new Variant(id, "No agent", null);
      case "sightline" -> new Variant(id, "Sightline", sightlineAgent);
      default -> new Variant(id, "OpenTelemetry agent", otelAgent);
    }).toList();
  }

  boolean needsKafka() {
    return scenarios.stream().anyMatch(MessagingScenario::usesKafka);
  }

  boolean needsRabbit() {
    return scenarios.stream().anyMatch(scenario -> !scenario.usesKafka());
  }
}
