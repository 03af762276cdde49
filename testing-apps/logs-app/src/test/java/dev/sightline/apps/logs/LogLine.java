package dev.sightline.apps.logs;

import java.util.List;
import java.util.Optional;

/**
 * One line of the app's two patterns: {@code library|thread|trace_id|span_id|trace_flags|user|context|message},
 * where context is the whole MDC or context data as the library prints it.
 */
record LogLine(
    String library, String thread, String traceId, String spanId, String traceFlags, String user, String context,
    String message) {

  static Optional<LogLine> parse(String line) {
    if (!line.startsWith("logback|") && !line.startsWith("log4j|")) {
      return Optional.empty();
    }
    String[] parts = line.split("\\|", 8);
    return parts.length < 8 ? Optional.empty()
        : Optional.of(new LogLine(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6], parts[7]));
  }

  static List<LogLine> all(String log) {
    return log.lines().map(LogLine::parse).flatMap(Optional::stream).toList();
  }

  /** W3C trace flags, two hex digits, with the sampled bit set. */
  static boolean sampled(String traceFlags) {
    return traceFlags.matches("[0-9a-f]{2}") && (Integer.parseInt(traceFlags, 16) & 1) == 1;
  }

  boolean hasNoIds() {
    return traceId.isEmpty() && spanId.isEmpty() && traceFlags.isEmpty();
  }
}
