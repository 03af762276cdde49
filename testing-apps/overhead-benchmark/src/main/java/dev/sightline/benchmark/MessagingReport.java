package dev.sightline.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The messaging results: median (min–max) per scenario, metric and variant with the ratio to no
 * agent, then what the agents printed and exported. Runs that did not end as planned are listed
 * and left out of the medians.
 */
final class MessagingReport {

  private static final int EXAMPLES_PER_VARIANT = 12;

  private final List<MessagingScenario> scenarios;
  private final List<Variant> variants;
  private final List<MessagingRunResult> runs;

  MessagingReport(List<MessagingScenario> scenarios, List<Variant> variants, List<MessagingRunResult> runs) {
    this.scenarios = scenarios;
    this.variants = variants;
    this.runs = runs;
  }

  String markdownTable() {
    StringBuilder out = new StringBuilder("| Scenario | Metric |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (Variant variant : variants) {
      out.append(' ').append(variant.label()).append(" |");
      rule.append("---:|");
    }
    for (Variant variant : variants) {
      if (!variant.id().equals("none") && hasBaseline()) {
        out.append(' ').append(variant.label()).append(" / none |");
        rule.append("---:|");
      }
    }
    out.append('\n').append(rule).append('\n');
    for (MessagingScenario scenario : scenarios) {
      for (MessagingMetric metric : scenario.metrics()) {
        out.append("| ").append(scenario.id()).append(" | ").append(metric.labelWithUnit()).append(" |");
        for (Variant variant : variants) {
          List<Double> values = values(scenario, metric, variant.id());
          out.append(' ').append(values.isEmpty() ? "–" : format(Stats.median(values), metric.decimals())
              + " (" + format(Stats.min(values), metric.decimals()) + "–"
              + format(Stats.max(values), metric.decimals()) + ")").append(" |");
        }
        for (Variant variant : variants) {
          if (!variant.id().equals("none") && hasBaseline()) {
            out.append(' ').append(ratioText(ratio(scenario, metric, variant.id()))).append(" |");
          }
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** Per scenario and variant: each run's agent WARN and ERROR lines, dropped spans, export. */
  String markdownAgentLines() {
    StringBuilder out = new StringBuilder("| Scenario | Variant | Agent WARN lines per run | Agent ERROR lines per run"
        + " | Spans dropped per run, as the SDK logged | Sightline spans dropped per run, /metrics"
        + " | Export requests per run | Export MB per run |\n"
        + "|---|---|---|---|---|---|---|---|\n");
    for (MessagingScenario scenario : scenarios) {
      for (Variant variant : variants) {
        List<MessagingRunResult> mine = runsOf(scenario, variant.id());
        if (mine.isEmpty()) {
          continue;
        }
        out.append("| ").append(scenario.id()).append(" | ").append(variant.label()).append(" | ")
            .append(join(mine, run -> Integer.toString(run.agentWarnings()))).append(" | ")
            .append(join(mine, run -> Integer.toString(run.agentErrors()))).append(" | ")
            .append(variant.agentJar() == null ? "–" : join(mine, run -> format(run.droppedSpansLogged(), 0))).append(" | ")
            .append(variant.id().equals("sightline")
                ? join(mine, run -> Double.isNaN(run.sightlineSpansDropped()) ? "?"
                    : format(run.sightlineSpansDropped(), 0) + " of " + format(
                        run.sightlineSpansExported() + run.sightlineSpansDropped(), 0))
                : "–").append(" | ")
            .append(join(mine, run -> Long.toString(run.exportRequests()))).append(" | ")
            .append(join(mine, run -> format(run.exportBytes() / 1048576.0, 1))).append(" |\n");
      }
    }
    return out.toString();
  }

  /** Distinct agent WARN/ERROR lines per variant over all runs, each with its count in the first run that had it. */
  String markdownAgentExamples() {
    StringBuilder out = new StringBuilder();
    for (Variant variant : variants) {
      Set<String> lines = new LinkedHashSet<>();
      for (MessagingRunResult run : runs) {
        if (run.variant().equals(variant.id())) {
          for (String example : run.agentLineExamples()) {
            lines.add(run.scenario().id() + " round " + run.round() + ": " + example);
          }
        }
      }
      if (variant.agentJar() == null) {
        continue;
      }
      out.append("- ").append(variant.label()).append(lines.isEmpty() ? ": none\n" : ":\n");
      lines.stream().limit(EXAMPLES_PER_VARIANT).forEach(line -> out.append("  - `")
          .append(line.replace('`', '\'')).append("`\n"));
      if (lines.size() > EXAMPLES_PER_VARIANT) {
        out.append("  - … ").append(lines.size() - EXAMPLES_PER_VARIANT).append(" more in logs/\n");
      }
    }
    return out.toString();
  }

  String failedRuns() {
    return runs.stream().filter(run -> !run.ok())
        .map(run -> "- " + run.scenario().id() + " " + run.variant() + " round " + run.round() + ": "
            + run.ending() + " (" + run.log().getFileName() + ")")
        .collect(Collectors.joining("\n"));
  }

  /** Runs whose measured time fell short of the duration (a tool that ran out of records). */
  String shortRuns(double measureSeconds) {
    return runs.stream().filter(run -> {
      Double measured = run.figures().get(MessagingMetric.MEASURED.key());
      return measured != null && !measured.isNaN() && measured + 1 < measureSeconds;
    }).map(run -> "- " + run.scenario().id() + " " + run.variant() + " round " + run.round()
        + ": measured " + format(run.figures().get(MessagingMetric.MEASURED.key()), 1) + " s")
        .collect(Collectors.joining("\n"));
  }

  String csv() {
    StringBuilder out = new StringBuilder("scenario,metric,unit,variant,median,min,max,runs,ratio_to_none\n");
    for (MessagingScenario scenario : scenarios) {
      for (MessagingMetric metric : scenario.metrics()) {
        for (Variant variant : variants) {
          List<Double> values = values(scenario, metric, variant.id());
          out.append(String.join(",", scenario.id(), metric.key(), metric.unit(), variant.id(),
              MessagingRunResult.number(Stats.median(values)), MessagingRunResult.number(Stats.min(values)),
              MessagingRunResult.number(Stats.max(values)), Integer.toString(values.size()),
              hasBaseline() ? MessagingRunResult.number(ratio(scenario, metric, variant.id())) : ""))
              .append('\n');
        }
      }
    }
    return out.toString();
  }

  double ratio(MessagingScenario scenario, MessagingMetric metric, String variant) {
    double baseline = Stats.median(values(scenario, metric, "none"));
    double value = Stats.median(values(scenario, metric, variant));
    return baseline > 0 ? value / baseline : Double.NaN;
  }

  private boolean hasBaseline() {
    return variants.stream().anyMatch(variant -> variant.id().equals("none"));
  }

  private List<Double> values(MessagingScenario scenario, MessagingMetric metric, String variant) {
    List<Double> values = new ArrayList<>();
    for (MessagingRunResult run : runsOf(scenario, variant)) {
      double value = run.figure(metric);
      if (run.ok() && !Double.isNaN(value)) {
        values.add(value);
      }
    }
    return values;
  }

  private List<MessagingRunResult> runsOf(MessagingScenario scenario, String variant) {
    return runs.stream().filter(run -> run.scenario() == scenario && run.variant().equals(variant)).toList();
  }

  private static String join(List<MessagingRunResult> runs,
      Function<MessagingRunResult, String> value) {
    return runs.stream().map(value).collect(Collectors.joining(", "));
  }

  static String ratioText(double ratio) {
    return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f×", ratio);
  }

  static String format(double value, int decimals) {
    if (Double.isNaN(value)) {
      return "–";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }
}
