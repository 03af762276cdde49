package dev.sightline.testing;

import java.util.Map;

/** A span link as exported; ids are lowercase hex. */
public record ReceivedLink(String traceId, String spanId, Map<String, Object> attributes) {

  public ReceivedLink {
    attributes = ReceivedSpan.frozen(attributes);
  }
}
