package dev.sightline.agent.messaging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Span names of one operation, "{operation} {destination}", made once per destination: a
 * consumer at a million records a second would otherwise build the same string a million times.
 * Bounded, so generated destination names cannot grow it; past the bound names are built per call.
 */
public final class SpanNames {

  private static final int MAX_DESTINATIONS = 1_000;

  private final String prefix;
  private final ConcurrentMap<String, String> names = new ConcurrentHashMap<>();

  public SpanNames(String operation) {
    this.prefix = operation + ' ';
  }

  /** {@code destination}: not null. */
  public String of(String destination) {
    String name = names.get(destination);
    if (name == null) {
      name = prefix + destination;
      if (names.size() < MAX_DESTINATIONS) {
        names.putIfAbsent(destination, name);
      }
    }
    return name;
  }
}
