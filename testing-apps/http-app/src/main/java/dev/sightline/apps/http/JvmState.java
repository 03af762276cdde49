package dev.sightline.apps.http;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.logging.LogManager;

/**
 * JVM-wide settings an agent could disturb by acting too early or too broadly, as
 * {@code key=value} lines. Values are escaped ({@code \\}, {@code \n}, {@code \r}) to stay on one
 * line.
 */
final class JvmState {

  private JvmState() {}

  static String describe() {
    StringBuilder out = new StringBuilder();
    line(out, "logManager", LogManager.getLogManager().getClass().getName());
    line(out, "locale", String.valueOf(Locale.getDefault()));
    line(out, "timeZone", TimeZone.getDefault().getID());
    line(out, "serverNoDelay", serverNoDelay());
    Properties properties = System.getProperties();
    Map<String, String> sorted = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      sorted.put(key, properties.getProperty(key));
    }
    sorted.forEach((key, value) -> line(out, "prop." + key, value));
    return out.toString();
  }

  /**
   * The JDK server's effective TCP_NODELAY setting. Needs
   * {@code --add-opens jdk.httpserver/sun.net.httpserver=ALL-UNNAMED}; "unknown" without it.
   */
  private static String serverNoDelay() {
    try {
      Class<?> config = Class.forName("sun.net.httpserver.ServerConfig");
      Method noDelay = config.getDeclaredMethod("noDelay");
      noDelay.setAccessible(true);
      return String.valueOf(noDelay.invoke(null));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "unknown";
    }
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(key).append('=').append(escape(value)).append('\n');
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }
}
