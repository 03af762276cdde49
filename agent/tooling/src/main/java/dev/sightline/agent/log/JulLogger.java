package dev.sightline.agent.log;

import dev.sightline.bootstrap.AgentLog;
import java.text.MessageFormat;
import java.util.logging.Level;

/**
 * Stands in for {@code java.util.logging.Logger} inside the agent jar: the build relocates
 * every reference the shaded OpenTelemetry and Prometheus code makes to that class onto this
 * one. Creating a real JUL logger in premain would initialise the LogManager before the
 * application has set {@code java.util.logging.manager} (JBoss LogManager, Log4j's JUL
 * bridge, ...), and the application would be stuck with the JDK's.
 */
public final class JulLogger {

  private final String name;

  private JulLogger(String name) {
    this.name = name;
  }

  public static JulLogger getLogger(String name) {
    return new JulLogger(name);
  }

  public static JulLogger getLogger(String name, String resourceBundle) {
    return new JulLogger(name);
  }

  public String getName() {
    return name;
  }

  public boolean isLoggable(Level level) {
    return AgentLog.enabled(agentLevel(level));
  }

  public void log(Level level, String message) {
    write(level, message, null);
  }

  public void log(Level level, String message, Throwable error) {
    write(level, message, error);
  }

  public void log(Level level, String message, Object parameter) {
    if (isLoggable(level)) {
      write(level, format(message, new Object[] {parameter}), null);
    }
  }

  public void log(Level level, String message, Object[] parameters) {
    if (isLoggable(level)) {
      write(level, format(message, parameters), null);
    }
  }

  public void severe(String message) {
    write(Level.SEVERE, message, null);
  }

  public void warning(String message) {
    write(Level.WARNING, message, null);
  }

  public void info(String message) {
    write(Level.INFO, message, null);
  }

  public void config(String message) {
    write(Level.CONFIG, message, null);
  }

  public void fine(String message) {
    write(Level.FINE, message, null);
  }

  public void finer(String message) {
    write(Level.FINER, message, null);
  }

  public void finest(String message) {
    write(Level.FINEST, message, null);
  }

  private void write(Level level, String message, Throwable error) {
    int at = agentLevel(level);
    if (at == AgentLog.WARN && isExportPipeline()) {
      // The agent says it itself, with the collector's address, once a minute (ExportTroubleLog):
      // export failures, and spans dropped from a full queue, which the batch processor would
      // otherwise report at every export (about a hundred lines a minute under a message flood).
      at = AgentLog.DEBUG;
    }
    if (AgentLog.enabled(at)) {
      AgentLog.log(at, shortName() + ": " + message, error);
    }
  }

  private boolean isExportPipeline() {
    return name.endsWith(".HttpExporter") || name.endsWith(".GrpcExporter") || name.endsWith(".BatchSpanProcessor");
  }

  private String shortName() {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }

  /**
   * SEVERE comes out as WARN: what the SDK reports that way (a collector that cannot be reached,
   * a failing export) never stops the application; ERROR stays for the agent failing to start.
   */
  static int agentLevel(Level level) {
    int value = level == null ? Level.INFO.intValue() : level.intValue();
    if (value >= Level.WARNING.intValue()) {
      return AgentLog.WARN;
    }
    if (value >= Level.INFO.intValue()) {
      return AgentLog.INFO;
    }
    return AgentLog.DEBUG;
  }

  private static String format(String pattern, Object[] parameters) {
    try {
      return parameters == null || pattern == null || pattern.indexOf('{') < 0
          ? pattern
          : MessageFormat.format(pattern, parameters);
    } catch (IllegalArgumentException e) {
      return pattern;
    }
  }
}
