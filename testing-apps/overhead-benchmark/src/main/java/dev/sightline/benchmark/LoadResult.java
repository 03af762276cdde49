package dev.sightline.benchmark;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the load generator measured in its window; travels between JVMs as one JSON line. */
record LoadResult(long requests, long errors, long reconnects, double seconds,
    double throughput, double p50Millis, double p90Millis, double p99Millis, double maxMillis) {

  String toJson() {
    return String.format(Locale.ROOT,
        "{\"requests\":%d,\"errors\":%d,\"reconnects\":%d,\"seconds\":%.3f,\"throughput\":%.1f,"
            + "\"p50_ms\":%.4f,\"p90_ms\":%.4f,\"p99_ms\":%.4f,\"max_ms\":%.4f}",
        requests, errors, reconnects, seconds, throughput, p50Millis, p90Millis, p99Millis,
        maxMillis);
  }

  static LoadResult fromJson(String json) {
    return new LoadResult((long) number(json, "requests"), (long) number(json, "errors"),
        (long) number(json, "reconnects"), number(json, "seconds"), number(json, "throughput"),
        number(json, "p50_ms"), number(json, "p90_ms"), number(json, "p99_ms"),
        number(json, "max_ms"));
  }

  private static double number(String json, String key) {
    Matcher matcher = Pattern.compile("\"" + key + "\":(-?[0-9.eE+-]+)").matcher(json);
    if (!matcher.find()) {
      throw new IllegalArgumentException("no " + key + " in " + json);
    }
    return Double.parseDouble(matcher.group(1));
  }
}
