package dev.sightline.instrumentation.kafka;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a metric label bounded: the first {@code max} distinct values are used as they are,
 * later ones become {@code _OTHER}, so an application creating topics or groups on the fly
 * cannot grow the metrics without limit.
 */
final class BoundedLabels {

  static final String OTHER = "_OTHER";

  private final int max;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  BoundedLabels(int max) {
    this.max = max;
  }

  String of(String value) {
    if (value == null) {
      return "";
    }
    if (seen.contains(value)) {
      return value;
    }
    if (seen.size() < max && seen.add(value)) {
      return value;
    }
    return seen.contains(value) ? value : OTHER;
  }
}
