package dev.sightline.benchmark;

/**
 * Adds up the progress windows a tool prints (count and length of each), skipping those that
 * start inside the warm-up. Time is the tool's own, summed from its windows, so the JVM's and the
 * agent's start-up never count as warm-up.
 */
final class MessagingWindows {

  /** A window ending at most this much past the measured duration still completes it. */
  private static final double SLACK_SECONDS = 0.5;

  private final double warmupSeconds;
  private final double measureSeconds;
  private double elapsedSeconds;
  private double measuredSeconds;
  private double measuredCount;

  MessagingWindows(double warmupSeconds, double measureSeconds) {
    this.warmupSeconds = warmupSeconds;
    this.measureSeconds = measureSeconds;
  }

  void add(double count, double seconds) {
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      return;
    }
    double start = elapsedSeconds;
    elapsedSeconds += seconds;
    // A tiny tolerance: window lengths come from rounded figures.
    if (start + 1e-6 >= warmupSeconds && !complete()) {
      measuredSeconds += seconds;
      measuredCount += count;
    }
  }

  /** True once the measured windows cover the duration: the tool may be stopped. */
  boolean complete() {
    return measuredSeconds + SLACK_SECONDS >= measureSeconds;
  }

  /** Count per second over the measured windows; NaN when none was measured. */
  double rate() {
    return measuredSeconds > 0 ? measuredCount / measuredSeconds : Double.NaN;
  }

  double measuredSeconds() {
    return measuredSeconds;
  }
}
