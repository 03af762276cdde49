package dev.sightline.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Medians, ranges, ratios to the no-agent runs and the targets, as markdown and CSV. */
final class Summary {

  /** Median, min and max of one metric for one variant. */
  record Figure(double median, double min, double max) {}

  /** One target of issue #8, checked on medians. */
  record Target(String name, String sightline, String otel, String goal, boolean met) {}

  private final List<Variant> variants;
  private final Map<String, List<RunResult>> runsByVariant = new LinkedHashMap<>();

  Summary(List<Variant> variants, List<RunResult> runs) {
    this.variants = variants;
    for (Variant variant : variants) {
      runsByVariant.put(variant.id(), runs.stream()
          .filter(run -> run.variant().equals(variant.id()))
          .collect(Collectors.toList()));
    }
  }

  Figure figure(Metric metric, String variant) {
    List<Double> values = runsByVariant.getOrDefault(variant, List.of()).stream()
        .map(run -> metric.value().applyAsDouble(run))
        .filter(value -> value >= 0)
        .collect(Collectors.toList());
    return new Figure(Stats.median(values), Stats.min(values), Stats.max(values));
  }

  boolean has(String variant) {
    return !runsByVariant.getOrDefault(variant, List.of()).isEmpty();
  }

  /** Median of the variant over median without agent; NaN when either is missing. */
  double ratio(Metric metric, String variant) {
    if (!metric.ratioToBaseline() || !has("none") || !has(variant)) {
      return Double.NaN;
    }
    double baseline = figure(metric, "none").median();
    return baseline == 0 ? Double.NaN : figure(metric, variant).median() / baseline;
  }

  String markdownTable() {
    StringBuilder out = new StringBuilder("| Metric |");
    StringBuilder rule = new StringBuilder("| --- |");
    for (Variant variant : variants) {
      out.append(' ').append(variant.label()).append(" |");
      rule.append(" ---: |");
    }
    List<Variant> compared = compared();
    for (Variant variant : compared) {
      out.append(' ').append(shortLabel(variant)).append(" / no agent |");
      rule.append(" ---: |");
    }
    out.append('\n').append(rule).append('\n');
    for (Metric metric : Metric.ALL) {
      out.append("| ").append(metric.labelWithUnit()).append(" |");
      for (Variant variant : variants) {
        out.append(' ').append(cell(metric, variant.id())).append(" |");
      }
      for (Variant variant : compared) {
        double ratio = ratio(metric, variant.id());
        out.append(' ').append(Double.isNaN(ratio) ? "–" : format(ratio, 2) + "×").append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }

  private List<Variant> compared() {
    if (!has("none")) {
      return List.of();
    }
    return variants.stream().filter(v -> !v.id().equals("none")).collect(Collectors.toList());
  }

  private static String shortLabel(Variant variant) {
    return variant.id().equals("otel") ? "OTel" : variant.label();
  }

  private String cell(Metric metric, String variant) {
    Figure figure = figure(metric, variant);
    if (Double.isNaN(figure.median())) {
      return "–";
    }
    if (metric == Metric.JAR) {
      return figure.median() == 0 ? "–" : format(figure.median(), metric.decimals());
    }
    return format(figure.median(), metric.decimals()) + " (" + format(figure.min(),
        metric.decimals()) + "–" + format(figure.max(), metric.decimals()) + ")";
  }

  /** The four targets of issue #8; empty unless all three variants ran. */
  List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    if (!has("none") || !has("sightline") || !has("otel")) {
      return targets;
    }
    double startupS = overhead(Metric.STARTUP, "sightline");
    double startupO = overhead(Metric.STARTUP, "otel");
    targets.add(new Target("Start-up overhead (time to first request)",
        "+" + format(startupS, 2) + " s", "+" + format(startupO, 2) + " s",
        "≤ ¼ of OTel's: ≤ +" + format(startupO / 4, 2) + " s", startupS <= startupO / 4));
    double throughputS = ratio(Metric.THROUGHPUT, "sightline");
    double throughputO = ratio(Metric.THROUGHPUT, "otel");
    targets.add(new Target("Throughput vs no agent", format(throughputS * 100, 1) + " %",
        format(throughputO * 100, 1) + " %", "≥ 95 %", throughputS >= 0.95));
    double rssS = overhead(Metric.PEAK_RSS, "sightline");
    double rssO = overhead(Metric.PEAK_RSS, "otel");
    targets.add(new Target("Peak RSS overhead", signed(rssS, 0) + " MiB", signed(rssO, 0) + " MiB",
        "≤ ⅓ of OTel's: ≤ " + signed(rssO / 3, 0) + " MiB", rssS <= rssO / 3));
    double jarS = figure(Metric.JAR, "sightline").median();
    double jarO = figure(Metric.JAR, "otel").median();
    targets.add(new Target("Agent jar size", format(jarS, 1) + " MiB", format(jarO, 1) + " MiB",
        "≤ ½ of OTel's: ≤ " + format(jarO / 2, 1) + " MiB", jarS <= jarO / 2));
    return targets;
  }

  String markdownTargets() {
    List<Target> targets = targets();
    if (targets.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(
        "| Target | Sightline | OpenTelemetry agent | Goal | Met |\n| --- | ---: | ---: | --- | --- |\n");
    for (Target target : targets) {
      out.append("| ").append(target.name()).append(" | ").append(target.sightline())
          .append(" | ").append(target.otel()).append(" | ").append(target.goal()).append(" | ")
          .append(target.met() ? "yes" : "**no**").append(" |\n");
    }
    return out.toString();
  }

  private double overhead(Metric metric, String variant) {
    return figure(metric, variant).median() - figure(metric, "none").median();
  }

  String csv() {
    StringBuilder out = new StringBuilder("metric,unit,variant,runs,median,min,max,ratio_to_no_agent\n");
    for (Metric metric : Metric.ALL) {
      for (Variant variant : variants) {
        Figure figure = figure(metric, variant.id());
        double ratio = variant.id().equals("none") ? Double.NaN : ratio(metric, variant.id());
        out.append(metric.key()).append(',').append(metric.unit()).append(',')
            .append(variant.id()).append(',')
            .append(runsByVariant.get(variant.id()).size()).append(',')
            .append(plain(figure.median())).append(',').append(plain(figure.min())).append(',')
            .append(plain(figure.max())).append(',').append(Double.isNaN(ratio) ? "" : plain(ratio))
            .append('\n');
      }
    }
    return out.toString();
  }

  /** Trace export requests and bytes per variant: proof that the agents really exported. */
  String exportLine() {
    List<String> parts = new ArrayList<>();
    for (Variant variant : variants) {
      if (variant.agentJar() == null) {
        continue;
      }
      List<RunResult> runs = runsByVariant.get(variant.id());
      long requests = runs.stream().mapToLong(RunResult::exportRequests).sum();
      long bytes = runs.stream().mapToLong(RunResult::exportBytes).sum();
      long spans = runs.stream().mapToLong(RunResult::exportSpans).sum();
      long served = runs.stream().mapToLong(run -> run.load().requests()).sum();
      long errors = runs.stream().mapToLong(run -> run.load().errors()).sum();
      parts.add(variant.label() + ": " + requests + " OTLP trace requests, " + spans + " spans, "
          + format(bytes / 1048576.0, 1) + " MiB exported over " + runs.size() + " runs ("
          + served + " measured requests, " + errors + " errors)");
    }
    return String.join("; ", parts);
  }

  static String format(double value, int decimals) {
    if (Double.isNaN(value)) {
      return "–";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  private static String signed(double value, int decimals) {
    return (value >= 0 ? "+" : "") + format(value, decimals);
  }

  private static String plain(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
  }
}
