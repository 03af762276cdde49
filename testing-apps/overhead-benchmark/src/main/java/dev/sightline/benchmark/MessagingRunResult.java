package dev.sightline.benchmark;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one run of one tool in one variant gave: its figures, how it ended, the agents' WARN and
 * ERROR lines in its output, and what reached the OTLP receiver.
 */
record MessagingRunResult(MessagingScenario scenario, String variant, int round,
    Map<String, Double> figures, String ending, double wallSeconds, int agentWarnings,
    int agentErrors, long droppedSpansLogged, List<String> agentLineExamples, long exportRequests, long exportBytes,
    double sightlineSpansExported, double sightlineSpansDropped, Path log) {

  static final String CSV_HEADER = "scenario,variant,round,metric,value,ending,wall_s,agent_warn_lines,"
      + "agent_error_lines,dropped_spans_logged,export_requests,export_bytes,sightline_spans_exported,sightline_spans_dropped";

  double figure(MessagingMetric metric) {
    return figures.getOrDefault(metric.key(), Double.NaN);
  }

  /** The tool ended as planned: by itself with exit code 0, or stopped once its window was covered. */
  boolean ok() {
    return ending.equals("exit 0") || ending.equals("stopped after the window");
  }

  /** One CSV row per figure, the run's other columns repeated. */
  String csvRows() {
    StringBuilder out = new StringBuilder();
    for (MessagingMetric metric : scenario.metrics()) {
      row(out, metric.key(), figure(metric));
    }
    row(out, MessagingMetric.MEASURED.key(), figures.getOrDefault(MessagingMetric.MEASURED.key(), Double.NaN));
    return out.toString();
  }

  private void row(StringBuilder out, String key, double value) {
    out.append(String.join(",", scenario.id(), variant, Integer.toString(round), key, number(value),
        '"' + ending + '"', number(wallSeconds), Integer.toString(agentWarnings),
        Integer.toString(agentErrors), Long.toString(droppedSpansLogged), Long.toString(exportRequests), Long.toString(exportBytes),
        number(sightlineSpansExported), number(sightlineSpansDropped))).append('\n');
  }

  static String number(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
  }
}
