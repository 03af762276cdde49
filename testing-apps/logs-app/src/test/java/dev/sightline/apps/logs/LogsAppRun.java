package dev.sightline.apps.logs;

import dev.sightline.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Reading a running logs-app: its log lines, once they are all there. */
final class LogsAppRun {

  private LogsAppRun() {}

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
