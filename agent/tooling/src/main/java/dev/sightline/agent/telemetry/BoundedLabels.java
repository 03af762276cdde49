package dev.sightline.agent.telemetry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one metric label's value set bounded: the first {@code max} distinct values are used
 * as they are, later ones become a fixed stand-in, so an application that creates tables,
 * topics, groups or queues on the fly cannot grow the metrics without limit.
 */
public final class BoundedLabels {

  /** The stand-in most labels use, as the conventions do for unknown values. */
  public static final String OTHER = "_OTHER";

  private final int max;
  private final String other;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final LabelMemo memo = new LabelMemo();

  public BoundedLabels(int max) {
    this(max, OTHER);
  }

  public BoundedLabels(int max, String other) {
    this.max = max;
    this.other = other;
  }

  /** The label value: {@code value} itself while the bound holds, the stand-in after; "" for null. */
  public String label(String value) {
    if (value == null) {
      return "";
    }
    String known = memo.get(value);
    if (known != null) {
      return known;
    }
    return memo.put(value, decide(value));
  }

  /** A value's label never changes once given: values are never forgotten, and past the bound none is added. */
  private String decide(String value) {
    if (seen.contains(value)) {
      return value;
    }
    if (seen.size() < max && seen.add(value)) {
      return value;
    }
    return seen.contains(value) ? value : other;
  }
}
