package dev.sightline.agent.health;

/** One dependency's recent history; updated from application threads, read by /health. */
public final class Dependency {

  /** Failures older than this no longer count as recent. */
  static final long RECENT_MILLIS = 5 * 60_000L;

  private final String type;
  private final String name;
  private final long[] errorTimes = new long[64];
  private int errorCursor;
  private volatile boolean down;
  private volatile boolean lastOk = true;
  private volatile String lastError;
  private volatile String downReason;
  private volatile long lastSeenMillis;
  private volatile long calls;
  private volatile long errors;

  Dependency(String type, String name) {
    this.type = type;
    this.name = name;
  }

  void success() {
    lastOk = true;
    down = false;
    seen();
  }

  synchronized void failure(String error) {
    lastOk = false;
    lastError = error;
    errors++;
    errorTimes[errorCursor++ % errorTimes.length] = System.currentTimeMillis();
    seen();
  }

  void down(String reason) {
    down = true;
    downReason = reason;
    seen();
  }

  private void seen() {
    calls++;
    lastSeenMillis = System.currentTimeMillis();
  }

  public String type() {
    return type;
  }

  public String name() {
    return name;
  }

  public HealthStatus status() {
    if (down) {
      return HealthStatus.DOWN;
    }
    return lastOk ? HealthStatus.UP : HealthStatus.DEGRADED;
  }

  public String lastOutcome() {
    return down ? "down" : lastOk ? "ok" : "error";
  }

  public String lastError() {
    return down ? downReason : lastError;
  }

  public long lastSeenMillis() {
    return lastSeenMillis;
  }

  public long calls() {
    return calls;
  }

  public long errors() {
    return errors;
  }

  /** Failures in the last five minutes (at most the last 64 are remembered). */
  public synchronized int recentErrors() {
    long since = System.currentTimeMillis() - RECENT_MILLIS;
    int count = 0;
    for (long time : errorTimes) {
      if (time >= since && time > 0) {
        count++;
      }
    }
    return count;
  }
}
