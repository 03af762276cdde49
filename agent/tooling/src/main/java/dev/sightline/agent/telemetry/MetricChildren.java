package dev.sightline.agent.telemetry;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The children of one labelled metric (a histogram's or counter's data points), found by their
 * label values in a small direct-mapped table. client_java's {@code labelValues} wraps the
 * values in a list and hashes it on every call; here a call with labels seen before costs a
 * few reads. A slot that two label sets share holds the last one used: a miss only asks
 * client_java again, which always hands back the same child.
 */
public final class MetricChildren<T> {

  private static final int SLOTS = 64;

  private static final class Entry<T> {
    final String[] labels;
    final T child;

    Entry(String[] labels, T child) {
      this.labels = labels;
      this.child = child;
    }

    boolean matches(String a, String b, String c, String d, String e) {
      String[] l = labels;
      return same(l[0], a) && same(l[1], b) && same(l[2], c) && same(l[3], d) && (l.length == 4 || same(l[4], e));
    }

    private static boolean same(String cached, String given) {
      return cached == given || cached.equals(given);
    }
  }

  private final Function<String[], T> labelValues;
  private final AtomicReferenceArray<Entry<T>> slots = new AtomicReferenceArray<>(SLOTS);

  /** {@code labelValues}: the metric's own lookup, given label values in the metric's order. */
  public MetricChildren(Function<String[], T> labelValues) {
    this.labelValues = labelValues;
  }

  /** The child for four label values (none null). */
  public T get(String a, String b, String c, String d) {
    int index = slot(((a.hashCode() * 31 + b.hashCode()) * 31 + c.hashCode()) * 31 + d.hashCode());
    Entry<T> entry = slots.get(index);
    if (entry != null && entry.labels.length == 4 && entry.matches(a, b, c, d, null)) {
      return entry.child;
    }
    return remember(index, new String[] {a, b, c, d});
  }

  /** The child for five label values (none null). */
  public T get(String a, String b, String c, String d, String e) {
    int index = slot((((a.hashCode() * 31 + b.hashCode()) * 31 + c.hashCode()) * 31 + d.hashCode()) * 31 + e.hashCode());
    Entry<T> entry = slots.get(index);
    if (entry != null && entry.labels.length == 5 && entry.matches(a, b, c, d, e)) {
      return entry.child;
    }
    return remember(index, new String[] {a, b, c, d, e});
  }

  private T remember(int index, String[] labels) {
    T child = labelValues.apply(labels.clone());
    slots.lazySet(index, new Entry<>(labels, child));
    return child;
  }

  private static int slot(int hash) {
    return (hash ^ (hash >>> 16)) & (SLOTS - 1);
  }
}
