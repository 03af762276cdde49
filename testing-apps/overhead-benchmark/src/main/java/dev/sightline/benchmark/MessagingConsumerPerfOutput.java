package dev.sightline.benchmark;

import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ConsumerPerformance's detailed lines (--show-detailed-stats), one per reporting interval:
 * "2026-12-07 08:40:27:215, 0, 6.3232, 6.3043, 66304, 66105.6830, ...": end of the interval,
 * thread, MB so far, MB/s in the interval, records so far, records/s in the interval. Windows are
 * cut from the timestamps and the running record count; the first, which holds the group join,
 * only sets the start.
 */
final class MessagingConsumerPerfOutput implements MessagingToolOutput {

  static final MessagingMetric MESSAGES_PER_SECOND =
      new MessagingMetric("messages_per_s", "Records consumed", "records/s", 0);

  private static final Pattern DETAIL = Pattern.compile(
      "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d:\\d{3}), \\d+, [0-9.]+, [0-9.]+, (\\d+), [0-9.]+.*");

  private final MessagingWindows windows;
  // The tool's default --date-format; one instance, used from the reading thread only.
  private final SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss:SSS");
  private long previousMillis = -1;
  private long previousRecords;

  MessagingConsumerPerfOutput(double warmupSeconds, double measureSeconds) {
    windows = new MessagingWindows(warmupSeconds, measureSeconds);
  }

  @Override
  public void line(String line) {
    Matcher detail = DETAIL.matcher(line.strip());
    if (!detail.matches()) {
      return;
    }
    long millis;
    try {
      millis = format.parse(detail.group(1)).getTime();
    } catch (ParseException e) {
      return;
    }
    long records = Long.parseLong(detail.group(2));
    if (previousMillis >= 0 && millis > previousMillis) {
      windows.add(records - previousRecords, (millis - previousMillis) / 1000.0);
    }
    previousMillis = millis;
    previousRecords = records;
  }

  @Override
  public boolean complete() {
    return windows.complete();
  }

  @Override
  public Map<String, Double> figures() {
    return Map.of(MESSAGES_PER_SECOND.key(), windows.rate(),
        MessagingMetric.MEASURED.key(), windows.measuredSeconds());
  }
}
