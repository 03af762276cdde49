package dev.sightline.agent.config;

import dev.sightline.bootstrap.AgentLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The agent's settings: a system property wins, then the environment variable of the same
 * name ({@code sightline.foo.bar} is {@code SIGHTLINE_FOO_BAR}), then the default. A value
 * that does not parse gets one WARN naming the key, the bad value and the value used instead.
 */
public final class AgentConfig {

  private static final String SWITCH_PREFIX = "sightline.instrumentation.";
  private static final String SWITCH_SUFFIX = ".enabled";

  private final Properties systemProperties;
  private final Map<String, String> environment;

  public AgentConfig(Properties systemProperties, Map<String, String> environment) {
    this.systemProperties = systemProperties;
    this.environment = environment;
  }

  public static AgentConfig fromSystem() {
    return new AgentConfig(System.getProperties(), System.getenv());
  }

  public static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The raw value, trimmed, or null when unset or blank. */
  public String get(String key) {
    String value = systemProperties.getProperty(key);
    if (value == null) {
      value = environment.get(environmentName(key));
    }
    if (value == null) {
      return null;
    }
    value = value.trim();
    return value.isEmpty() ? null : value;
  }

  public String getString(String key, String defaultValue) {
    String value = get(key);
    return value == null ? defaultValue : value;
  }

  public boolean getBoolean(String key, boolean defaultValue) {
    String value = get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    return invalid(key, value, defaultValue, "true or false");
  }

  public int getInt(String key, int defaultValue, int min, int max) {
    String value = get(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    return invalid(key, value, defaultValue, "a whole number from " + min + " to " + max);
  }

  public int getLogLevel(String key, int defaultLevel) {
    String value = get(key);
    if (value == null) {
      return defaultLevel;
    }
    int level = AgentLog.parseLevel(value);
    if (level == -1) {
      invalid(key, value, AgentLog.levelName(defaultLevel), "off, error, warn, info or debug");
      return defaultLevel;
    }
    return level;
  }

  /**
   * The {@code sightline.instrumentation.<name>.enabled} switches, as set (property or environment
   * variable), whose name is none of {@code known}: a misspelt switch would otherwise do nothing,
   * silently. An environment variable is matched in its own spelling.
   */
  public List<String> unknownInstrumentationSwitches(Collection<String> known) {
    Set<String> knownInEnvironment = new HashSet<>();
    for (String name : known) {
      knownInEnvironment.add(environmentName(name));
    }
    List<String> unknown = new ArrayList<>();
    for (String key : systemProperties.stringPropertyNames()) {
      String name = between(key, SWITCH_PREFIX, SWITCH_SUFFIX);
      if (name != null && !known.contains(name)) {
        unknown.add(key);
      }
    }
    for (String key : environment.keySet()) {
      String name = between(key, environmentName(SWITCH_PREFIX), environmentName(SWITCH_SUFFIX));
      if (name != null && !knownInEnvironment.contains(name)) {
        unknown.add(key);
      }
    }
    Collections.sort(unknown);
    return unknown;
  }

  private static String between(String key, String prefix, String suffix) {
    return key.startsWith(prefix) && key.endsWith(suffix) && key.length() > prefix.length() + suffix.length()
        ? key.substring(prefix.length(), key.length() - suffix.length())
        : null;
  }

  /** Whether instrumentation {@code name} is on: {@code sightline.instrumentation.<name>.enabled}. */
  public boolean instrumentationEnabled(String name, boolean defaultValue) {
    return getBoolean(SWITCH_PREFIX + name + SWITCH_SUFFIX, defaultValue);
  }

  static <T> T invalid(String key, String value, T used, String expected) {
    AgentLog.warnOnce(
        "config:" + key,
        "invalid value '" + value + "' for " + key + " (expected " + expected + "); using " + used,
        null);
    return used;
  }
}
