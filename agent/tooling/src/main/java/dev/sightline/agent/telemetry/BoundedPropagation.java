package dev.sightline.agent.telemetry;

import dev.sightline.bootstrap.AgentLog;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The propagators with the W3C limits enforced at both ends: {@code baggage} keeps at most
 * {@value #MAX_BAGGAGE_MEMBERS} members and {@value #MAX_BAGGAGE_BYTES} bytes (members past either
 * are dropped whole, as the Baggage specification allows), and a {@code traceparent} or
 * {@code tracestate} far longer than any valid one is ignored before it is parsed. A caller's
 * oversized headers can then never make the agent send, or parse, more than a valid request holds.
 */
final class BoundedPropagation implements TextMapPropagator {

  static final int MAX_BAGGAGE_MEMBERS = 64;
  static final int MAX_BAGGAGE_BYTES = 8192;
  /** A valid traceparent is 55 characters; tracestate holds at most 32 members of at most 256 characters. */
  static final int MAX_TRACEPARENT_CHARS = 512;
  static final int MAX_TRACESTATE_CHARS = 32 * 257;

  private final TextMapPropagator delegate;

  BoundedPropagation(TextMapPropagator delegate) {
    this.delegate = delegate;
  }

  @Override
  public Collection<String> fields() {
    return delegate.fields();
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    if (setter == null) {
      return;
    }
    delegate.inject(context, carrier, (into, key, value) -> setter.set(into, key, bounded(key, value)));
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    if (getter == null) {
      return context;
    }
    return delegate.extract(context, carrier, new TextMapGetter<C>() {
      @Override
      public Iterable<String> keys(C from) {
        return getter.keys(from);
      }

      @Override
      public String get(C from, String key) {
        return bounded(key, getter.get(from, key));
      }
    });
  }

  static String bounded(String key, String value) {
    if (value == null || key == null) {
      return value;
    }
    // The W3C propagators ask for and set these fields by their lowercase names.
    switch (key) {
      case "baggage":
        return baggage(value);
      case "traceparent":
        return value.length() > MAX_TRACEPARENT_CHARS ? oversized(key, value) : value;
      case "tracestate":
        return value.length() > MAX_TRACESTATE_CHARS ? oversized(key, value) : value;
      default:
        return value;
    }
  }

  /** The members that fit, in their order; the whole header when it is within the limits. */
  static String baggage(String header) {
    if (header.length() <= MAX_BAGGAGE_BYTES / 4 && count(header, ',') < MAX_BAGGAGE_MEMBERS) {
      return header; // short enough that no encoding can exceed the limits: the common case costs one scan
    }
    StringBuilder kept = new StringBuilder();
    int members = 0;
    int bytes = 0;
    int dropped = 0;
    for (String member : header.split(",")) {
      String trimmed = member.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int size = trimmed.getBytes(StandardCharsets.UTF_8).length + (members == 0 ? 0 : 1);
      if (members < MAX_BAGGAGE_MEMBERS && bytes + size <= MAX_BAGGAGE_BYTES) {
        kept.append(members == 0 ? "" : ",").append(trimmed);
        members++;
        bytes += size;
      } else {
        dropped++;
      }
    }
    if (dropped > 0) {
      AgentLog.warnOnce("baggage-limits", "baggage beyond the W3C limits (" + MAX_BAGGAGE_MEMBERS + " members, "
          + MAX_BAGGAGE_BYTES + " bytes) is dropped, member by member; first seen with " + dropped + " of "
          + (members + dropped) + " members dropped", null);
    }
    return kept.toString();
  }

  private static String oversized(String key, String value) {
    AgentLog.warnOnce("oversized-" + key, "a " + key + " header of " + value.length()
        + " characters is ignored (no valid one is that long); the request starts a new trace", null);
    return null;
  }

  private static int count(String text, char c) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
