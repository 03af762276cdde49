package dev.sightline.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Counts the WARN and ERROR lines the two agents print in a tool's output, and keeps a few
 * distinct ones as examples. A flood of warnings (say, one per dropped span) is a defect the
 * benchmark must make visible, so every line counts, not only distinct ones.
 */
final class MessagingAgentLog {

  private static final int KEPT_EXAMPLES = 8;
  /** Sightline: "[sightline] WARN message". */
  private static final Pattern SIGHTLINE = Pattern.compile("^\\[sightline\\] (WARN|ERROR)\\b.*");
  /** OpenTelemetry: "[otel.javaagent 2026-01-01 10:00:00:000 +0000] [thread] WARN logger - message". */
  private static final Pattern OTEL = Pattern.compile("^\\[otel\\.javaagent [^\\]]*\\] \\[[^\\]]*\\] (WARN|ERROR) .*");
  private static final Pattern NUMBERS = Pattern.compile("\\d+");
  /** The OpenTelemetry SDK's own line, which both agents pass on: "BatchSpanProcessor dropped 54 span(s) ...". */
  private static final Pattern SDK_DROPPED = Pattern.compile("BatchSpanProcessor dropped (\\d+) span");

  private int warnings;
  private int errors;
  private long droppedSpans;
  /** Examples keyed by the line with its numbers blanked, so "12 spans dropped" and "40 spans dropped" count as one. */
  private final Map<String, String> examples = new LinkedHashMap<>();
  private final Map<String, Integer> repeats = new LinkedHashMap<>();

  void line(String line) {
    String level = level(line);
    if (level == null) {
      return;
    }
    if (level.equals("WARN")) {
      warnings++;
    } else {
      errors++;
    }
    var dropped = SDK_DROPPED.matcher(line);
    if (dropped.find()) {
      droppedSpans += Long.parseLong(dropped.group(1));
    }
    String key = NUMBERS.matcher(stripOtelPrefix(line)).replaceAll("#");
    repeats.merge(key, 1, Integer::sum);
    if (examples.size() < KEPT_EXAMPLES) {
      examples.putIfAbsent(key, line);
    }
  }

  /** "WARN" or "ERROR" for an agent's warning or error line, else null. */
  static String level(String line) {
    var sightline = SIGHTLINE.matcher(line);
    if (sightline.matches()) {
      return sightline.group(1);
    }
    var otel = OTEL.matcher(line);
    return otel.matches() ? otel.group(1) : null;
  }

  private static String stripOtelPrefix(String line) {
    // The OpenTelemetry agent's prefix holds a timestamp and a thread name that differ per line.
    return line.startsWith("[otel.javaagent ") ? line.replaceFirst("^\\[[^\\]]*\\] \\[[^\\]]*\\] ", "") : line;
  }

  int warnings() {
    return warnings;
  }

  int errors() {
    return errors;
  }

  /**
   * Spans the SDK's batch processor said it dropped, summed over its lines: the only drop count
   * the OpenTelemetry agent gives with its metrics exporter off.
   */
  long droppedSpans() {
    return droppedSpans;
  }

  /** Distinct lines seen, each with how often its kind appeared ("3× [sightline] WARN ..."). */
  List<String> examples() {
    List<String> out = new ArrayList<>();
    examples.forEach((key, line) -> out.add(repeats.get(key) + "× " + line));
    return out;
  }
}
