package dev.sightline.bootstrap;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's only log sink: one line per event on stderr, prefixed {@code [sightline]}.
 *
 * <p>It lives in the bootstrap bridge so advice and agent code share one level and one
 * "say it once" memory, and it never touches java.util.logging, whose LogManager the
 * application must be free to choose after premain.
 */
public final class AgentLog {

  public static final int ERROR = 0;
  public static final int WARN = 1;
  public static final int INFO = 2;
  public static final int DEBUG = 3;

  private static final String[] NAMES = {"ERROR", "WARN", "INFO", "DEBUG"};
  private static final Set<String> SAID_ONCE = ConcurrentHashMap.newKeySet();
  private static final int MAX_ONCE_KEYS = 10_000;

  private static volatile int level = INFO;

  private AgentLog() {}

  /** The name {@link #parseLevel} reads as {@code level}, in lower case. */
  public static String levelName(int level) {
    return level >= 0 && level < NAMES.length ? NAMES[level].toLowerCase(Locale.ROOT) : "off";
  }

  /** Parses {@code error|warn|info|debug} (also {@code off}, {@code trace}); returns -1 when unknown. */
  public static int parseLevel(String name) {
    if (name == null) {
      return -1;
    }
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "off":
      case "none":
        return -2;
      case "error":
        return ERROR;
      case "warn":
      case "warning":
        return WARN;
      case "info":
        return INFO;
      case "debug":
      case "trace":
      case "all":
        return DEBUG;
      default:
        return -1;
    }
  }

  public static void setLevel(int newLevel) {
    level = newLevel;
  }

  public static boolean enabled(int at) {
    return at <= level;
  }

  public static void error(String message, Throwable error) {
    log(ERROR, message, error);
  }

  public static void warn(String message) {
    log(WARN, message, null);
  }

  public static void warn(String message, Throwable error) {
    log(WARN, message, error);
  }

  public static void info(String message) {
    log(INFO, message, null);
  }

  public static void debug(String message) {
    log(DEBUG, message, null);
  }

  /** Logs the first time {@code key} is seen and stays silent for it afterwards. */
  public static boolean warnOnce(String key, String message, Throwable error) {
    if (SAID_ONCE.size() < MAX_ONCE_KEYS && SAID_ONCE.add(key)) {
      log(WARN, message, error);
      return true;
    }
    return false;
  }

  public static void log(int at, String message, Throwable error) {
    if (at > level) {
      return;
    }
    StringBuilder line = new StringBuilder(96).append("[sightline] ").append(NAMES[at]).append(' ').append(message);
    if (error != null) {
      line.append(": ").append(error);
      if (level >= DEBUG) {
        for (StackTraceElement frame : error.getStackTrace()) {
          line.append(System.lineSeparator()).append("\tat ").append(frame);
        }
      }
    }
    System.err.println(line);
  }
}
