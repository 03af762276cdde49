package dev.sightline.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * One span as the agent exported it, decoded from OTLP into plain Java values.
 *
 * <p>Ids are lowercase hex; {@code parentSpanId} is empty for a root span. {@code kind} and
 * {@code statusCode} are the OTLP enum names without their prefix ("SERVER", "ERROR").
 * Attribute values are String, Long, Double, Boolean, List or Map; bytes become lowercase hex.
 */
public record ReceivedSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    String kind,
    long startNanos,
    long endNanos,
    Map<String, Object> attributes,
    String statusCode,
    String statusMessage,
    List<ReceivedEvent> events,
    List<ReceivedLink> links,
    Map<String, Object> resource,
    String scopeName) {

  public ReceivedSpan {
    attributes = frozen(attributes);
    events = List.copyOf(events);
    links = List.copyOf(links);
    resource = frozen(resource);
  }

  /** The attribute's string form, or null when absent. */
  public String attr(String key) {
    Object value = attributes.get(key);
    return value == null ? null : String.valueOf(value);
  }

  /**
   * The attribute as a long, or null when absent. A present value of another type fails the test,
   * because a number exported as a string is a bug worth seeing.
   */
  public Long longAttr(String key) {
    Object value = attributes.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Long l) {
      return l;
    }
    throw new AssertionError("Attribute " + key + " of span '" + name + "' is "
        + value.getClass().getSimpleName() + " " + value + ", not a long");
  }

  /** The resource attribute's string form, or null when absent. */
  public String resourceAttr(String key) {
    Object value = resource.get(key);
    return value == null ? null : String.valueOf(value);
  }

  public boolean isRoot() {
    return parentSpanId.isEmpty();
  }

  public long durationNanos() {
    return endNanos - startNanos;
  }

  @Override
  public String toString() {
    StringJoiner out = new StringJoiner(" ");
    out.add(kind).add("'" + name + "'")
        .add("trace=" + traceId)
        .add("span=" + spanId)
        .add("parent=" + (isRoot() ? "-" : parentSpanId));
    if (!"UNSET".equals(statusCode)) {
      out.add("status=" + statusCode + (statusMessage.isEmpty() ? "" : "(" + statusMessage + ")"));
    }
    out.add(attributes.toString());
    return out.toString();
  }

  /** Spans one per line, indented, for failure messages; "(none)" for none. */
  public static String describe(List<ReceivedSpan> spans) {
    return spans.isEmpty() ? "  (none)"
        : spans.stream().map(ReceivedSpan::toString).collect(Collectors.joining("\n  ", "  ", ""));
  }

  static Map<String, Object> frozen(Map<String, Object> map) {
    // Copy keeps exporter order for readable failure messages and tolerates null (unset) values.
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
