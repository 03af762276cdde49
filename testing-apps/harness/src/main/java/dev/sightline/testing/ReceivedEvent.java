package dev.sightline.testing;

import java.util.Map;

/** A span event (for example an "exception" event) as exported. */
public record ReceivedEvent(String name, long timeNanos, Map<String, Object> attributes) {

  public ReceivedEvent {
    attributes = ReceivedSpan.frozen(attributes);
  }

  /** The attribute's string form, or null when absent. */
  public String attr(String key) {
    Object value = attributes.get(key);
    return value == null ? null : String.valueOf(value);
  }
}
