package dev.sightline.agent.telemetry;

/**
 * The labels worked out for the last few values, found by the value's identity. A consumer at a
 * million records a second hands the same topic and group strings over and over; checking them
 * again each time (a scan for generated names, a concurrent set's hash and equals) was 7 % of
 * Kafka's consume thread with the agent. A value that is a new string each time just misses.
 */
public final class LabelMemo {

  private static final int SLOTS = 16;

  private final Entry[] entries = new Entry[SLOTS];

  /** The label kept for this very string, or null. */
  public String get(String value) {
    Entry entry = entries[value.hashCode() & (SLOTS - 1)];
    return entry != null && entry.value == value ? entry.label : null;
  }

  /**
   * Keeps the label for this string; a later value of the same slot takes its place. An equal
   * string leaves the slot as it is: callers that join a value anew on each call (a host and its
   * port) would otherwise allocate an entry and write the shared slot from every thread on every
   * call, and labels go by content, so the kept entry's label is theirs too.
   */
  public String put(String value, String label) {
    int slot = value.hashCode() & (SLOTS - 1);
    Entry entry = entries[slot];
    if (entry == null || !entry.value.equals(value)) {
      // an immutable entry, so a thread reading the slot sees both fields or the older entry
      entries[slot] = new Entry(value, label);
    }
    return label;
  }

  private static final class Entry {
    final String value;
    final String label;

    Entry(String value, String label) {
      this.value = value;
      this.label = label;
    }
  }
}
