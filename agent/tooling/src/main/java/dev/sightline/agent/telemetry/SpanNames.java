package dev.sightline.agent.telemetry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Span names of one operation, "{operation} {target}" ("process orders", "GET /api/orders/{id}"),
 * made once per target: a consumer at a million records a second would otherwise build the same
 * string a million times. Bounded, so generated target names cannot grow it; past the bound names
 * are built per call.
 */
public final class SpanNames {

  private static final int MAX_TARGETS = 1_000;

  private final String prefix;
  private final ConcurrentMap<String, String> names = new ConcurrentHashMap<>();

  public SpanNames(String operation) {
    this.prefix = operation + ' ';
  }

  /** {@code target}: not null. */
  public String of(String target) {
    String name = names.get(target);
    if (name == null) {
      name = prefix + target;
      if (names.size() < MAX_TARGETS) {
        names.putIfAbsent(target, name);
      }
    }
    return name;
  }
}
