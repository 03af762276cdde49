package dev.sightline.apps.war;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough JSON for flat objects of strings and numbers. */
final class Json {

  private Json() {}

  /** The value of a top-level string or number field, or null. */
  static String field(String json, String key) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[-0-9.eE+]+|true|false)")
        .matcher(json);
    if (!m.find()) {
      return null;
    }
    return m.group(2) != null ? m.group(2).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(1);
  }

  static String object(Map<String, ?> fields) {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, ?> field : fields.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(quote(field.getKey())).append(':');
      Object value = field.getValue();
      if (value == null) {
        out.append("null");
      } else if (value instanceof Number || value instanceof Boolean) {
        out.append(value);
      } else {
        out.append(quote(String.valueOf(value)));
      }
    }
    return out.append('}').toString();
  }

  static String error(String message) {
    return object(Map.of("error", message));
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }
}
