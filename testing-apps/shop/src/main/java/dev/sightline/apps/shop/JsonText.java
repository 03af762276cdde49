package dev.sightline.apps.shop;

import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough JSON for flat objects of strings and numbers; the shop has no JSON library. */
final class JsonText {

  private JsonText() {}

  /** The value of a top-level string or number field as text, or null when absent. */
  static String field(String json, String name) {
    Matcher matcher = Pattern.compile("\"" + Pattern.quote(name)
        + "\"\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(-?[0-9][0-9.eE+-]*))").matcher(json);
    if (!matcher.find()) {
      return null;
    }
    return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
  }

  static String object(Map<String, ?> fields) {
    StringJoiner out = new StringJoiner(",", "{", "}");
    fields.forEach((key, value) -> out.add(quote(key) + ":"
        + (value instanceof Number || value instanceof Boolean ? value.toString() : quote(String.valueOf(value)))));
    return out.toString();
  }

  static String error(String message) {
    return object(Map.of("error", message));
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
