package dev.sightline.instrumentation.jdbc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one metric label's value set bounded. Table names and operations come from SQL text, so
 * an application generating table names (per tenant, per day) would otherwise create a series per
 * name; past {@link #MAX} distinct values, new ones are reported as {@link #OTHER}.
 */
final class BoundedLabels {

  static final int MAX = 200;
  static final String OTHER = "_OTHER";

  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  String label(String value) {
    if (value == null) {
      return "";
    }
    if (seen.contains(value)) {
      return value;
    }
    if (seen.size() >= MAX) {
      return OTHER;
    }
    seen.add(value);
    return value;
  }
}
