package dev.sightline.apps.logs;

import dev.sightline.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading a running logs-app: its port, and its log lines once they are all there. */
final class LogsAppRun {

  private static final Pattern LISTENING = Pattern.compile("logs-app listening on port (\\d+)");

  private LogsAppRun() {}

  static int port(TestApp app, Duration startup) {
    app.awaitLog("logs-app listening on port ", startup);
    Matcher listening = LISTENING.matcher(app.log());
    if (!listening.find()) {
      throw new AssertionError("no port in " + app.logFile());
    }
    return Integer.parseInt(listening.group(1));
  }

  static List<LogLine> awaitLines(TestApp app, Duration patience, Predicate<List<LogLine>> complete) {
    long deadline = System.nanoTime() + patience.toNanos();
    List<LogLine> lines = LogLine.all(app.log());
    while (!complete.test(lines)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the app's log lines are not all there after " + patience + ": " + app.logFile());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      lines = LogLine.all(app.log());
    }
    return lines;
  }
}
