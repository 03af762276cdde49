package dev.sightline.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Command-line settings of {@link OverheadBenchmark}; defaults are for running from the module folder. */
record BenchmarkOptions(BenchmarkedApp app, int rounds, double warmupSeconds, double measureSeconds, int connections,
    String mix, List<String> variants, Path sightlineAgent, Path otelAgent, Path appClasses,
    Path javaHome, Path outputDir, double pauseSeconds, List<String> appJvmArgs) {

  static final String DEFAULT_MIX = BenchmarkedApp.HTTP_APP.defaultMix();

  static final String USAGE = String.join("\n",
      "usage: OverheadBenchmark [options]",
      "  --app A               http-app or shop (default http-app); sets the defaults of --mix,",
      "                        --connections, --app-classes and --out",
      "  --rounds N            rounds of A B C (default 5)",
      "  --warmup S            load warm-up seconds per run (default 15)",
      "  --duration S          measured load seconds per run (default 20)",
      "  --connections N       closed-loop connections of the load generator (default 16, shop 8)",
      "  --mix M               request mix, path:weight,... ({id} = 1..1000; /chain starts a",
      "                        no-agent downstream http-app) (default " + DEFAULT_MIX + ");",
      "                        'POST /path {json}:weight' posts a JSON body (shop default: POST",
      "                        /orders of book, pen, mug, lamp)",
      "  --variants V,...      any of none,sightline,otel (default all three)",
      "  --sightline-agent P   (default ../../agent/target/sightline-agent.jar)",
      "  --otel-agent P        (default target/benchmark/opentelemetry-javaagent.jar)",
      "  --app-classes P       the app's classes (default ../http-app/target/classes or",
      "                        ../shop/target/classes; the shop adds ../runtime.classpath)",
      "  --java-home P         JDK that runs the app (default: this JVM's)",
      "  --out P               results folder (default target/benchmark-results, for the shop",
      "                        target/benchmark-results/shop)",
      "  --pause S             idle seconds between runs (default 2)",
      "  --app-jvm-arg A       extra JVM option for the app, all variants (repeatable; not\n" +
      "                        for the /chain downstream)");

  static BenchmarkOptions parse(String[] args) {
    int rounds = 5;
    double warmup = 15;
    double duration = 20;
    BenchmarkedApp benchmarked = BenchmarkedApp.HTTP_APP;
    Integer connections = null;
    String mix = null;
    List<String> variants = List.of("none", "sightline", "otel");
    Path sightline = Path.of("../../agent/target/sightline-agent.jar");
    Path otel = Path.of("target/benchmark/opentelemetry-javaagent.jar");
    Path app = null;
    Path javaHome = Path.of(System.getProperty("java.home"));
    Path out = null;
    double pause = 2;
    List<String> jvmArgs = new ArrayList<>();
    for (Map.Entry<String, String> option : CommandLine.pairs(args)) {
      String value = option.getValue();
      switch (option.getKey()) {
        case "--app" -> benchmarked = BenchmarkedApp.of(value);
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--warmup" -> warmup = Double.parseDouble(value);
        case "--duration" -> duration = Double.parseDouble(value);
        case "--connections" -> connections = Integer.parseInt(value);
        case "--mix" -> mix = value;
        case "--variants" -> variants = List.of(value.split(","));
        case "--sightline-agent" -> sightline = Path.of(value);
        case "--otel-agent" -> otel = Path.of(value);
        case "--app-classes" -> app = Path.of(value);
        case "--java-home" -> javaHome = Path.of(value);
        case "--out" -> out = Path.of(value);
        case "--pause" -> pause = Double.parseDouble(value);
        case "--app-jvm-arg" -> jvmArgs.add(value);
        default -> throw new IllegalArgumentException("unknown option " + option.getKey());
      }
    }
    // Options may come in any order: the app's defaults apply to what was not given.
    mix = mix != null ? mix : benchmarked.defaultMix();
    connections = connections != null ? connections : benchmarked.defaultConnections();
    app = app != null ? app : Path.of(benchmarked.defaultClasses());
    out = out != null ? out : Path.of(benchmarked.defaultOutput());
    if (rounds < 1 || warmup < 0 || duration <= 0 || connections < 1) {
      throw new IllegalArgumentException("rounds, duration and connections must be positive");
    }
    for (String variant : variants) {
      if (!List.of("none", "sightline", "otel").contains(variant)) {
        throw new IllegalArgumentException("unknown variant " + variant);
      }
    }
    LoadGenerator.expandMix(mix);
    return new BenchmarkOptions(benchmarked, rounds, warmup, duration, connections, mix, variants,
        sightline.toAbsolutePath().normalize(), otel.toAbsolutePath().normalize(),
        app.toAbsolutePath().normalize(), javaHome, out.toAbsolutePath().normalize(), pause,
        List.copyOf(jvmArgs));
  }

  /** Only http-app has /chain, whose outgoing calls go to a second http-app. */
  boolean needsDownstream() {
    return app.equals(BenchmarkedApp.HTTP_APP) && LoadGenerator.expandMix(mix).stream().anyMatch(path -> path.startsWith("/chain"));
  }
}
