package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.api.common.AttributeKey;
import application.io.opentelemetry.api.common.Attributes;
import java.util.List;

/** Attribute keys and attributes from the application's API to the agent's. */
final class AttributeConversions {

  private AttributeConversions() {}

  /** The agent's key of the same name and type; an unknown type becomes a string key. */
  static io.opentelemetry.api.common.AttributeKey<?> toAgent(AttributeKey<?> key) {
    String name = key.getKey();
    // By name, not by enum switch: a newer API may have types this build never saw.
    switch (key.getType().name()) {
      case "STRING":
        return io.opentelemetry.api.common.AttributeKey.stringKey(name);
      case "BOOLEAN":
        return io.opentelemetry.api.common.AttributeKey.booleanKey(name);
      case "LONG":
        return io.opentelemetry.api.common.AttributeKey.longKey(name);
      case "DOUBLE":
        return io.opentelemetry.api.common.AttributeKey.doubleKey(name);
      case "STRING_ARRAY":
        return io.opentelemetry.api.common.AttributeKey.stringArrayKey(name);
      case "BOOLEAN_ARRAY":
        return io.opentelemetry.api.common.AttributeKey.booleanArrayKey(name);
      case "LONG_ARRAY":
        return io.opentelemetry.api.common.AttributeKey.longArrayKey(name);
      case "DOUBLE_ARRAY":
        return io.opentelemetry.api.common.AttributeKey.doubleArrayKey(name);
      default:
        return io.opentelemetry.api.common.AttributeKey.stringKey(name);
    }
  }

  /** The value as the agent's key of {@link #toAgent(AttributeKey)} expects it. */
  static Object value(io.opentelemetry.api.common.AttributeKey<?> agentKey, Object value) {
    if (agentKey.getType() == io.opentelemetry.api.common.AttributeType.STRING && !(value instanceof String)) {
      return String.valueOf(value);
    }
    return value;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static io.opentelemetry.api.common.Attributes toAgent(Attributes attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return io.opentelemetry.api.common.Attributes.empty();
    }
    io.opentelemetry.api.common.AttributesBuilder builder = io.opentelemetry.api.common.Attributes.builder();
    attributes.forEach((key, value) -> {
      if (key != null && value != null) {
        io.opentelemetry.api.common.AttributeKey agentKey = toAgent(key);
        builder.put(agentKey, value(agentKey, value));
      }
    });
    return builder.build();
  }

  /** Keys and values as label text, for the metrics: a list becomes its elements joined with commas. */
  static String[][] toLabels(Attributes attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return new String[][] {new String[0], new String[0]};
    }
    String[] keys = new String[attributes.size()];
    String[] values = new String[keys.length];
    int[] at = {0};
    attributes.forEach((key, value) -> {
      if (at[0] < keys.length) {
        keys[at[0]] = key.getKey();
        values[at[0]] = value instanceof List ? String.join(",", ((List<?>) value).stream().map(String::valueOf).toArray(String[]::new))
            : String.valueOf(value);
        at[0]++;
      }
    });
    return new String[][] {keys, values};
  }
}
