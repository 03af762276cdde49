package dev.sightline.agent.telemetry;

/**
 * One shared instance for attribute values that repeat from request to request (a user agent, a
 * client address, a port, a status code). A span then holds the kept copy, the fresh one dies
 * young, and the exporter, which compares each value with the one it encoded last time, finds
 * the same object instead of reading a new one cold from another core's cache.
 *
 * <p>Direct-mapped and racy on purpose: a slot lost to another thread only costs a miss, and
 * strings and boxed longs are immutable, so a kept instance is safe to hand to any thread.
 */
public final class SharedValues {

  private static final int SLOTS = 512;
  private static final String[] STRINGS = new String[SLOTS];
  private static final Long[] LONGS = new Long[SLOTS];

  private SharedValues() {}

  /** {@code value} or an equal instance kept from an earlier call; null stays null. */
  public static String of(String value) {
    if (value == null) {
      return null;
    }
    int slot = value.hashCode() & (SLOTS - 1);
    String kept = STRINGS[slot];
    if (kept != null && kept.equals(value)) {
      return kept;
    }
    STRINGS[slot] = value;
    return value;
  }

  /** A boxed {@code value}, the same instance for a value seen before (ports, status codes). */
  public static Long of(long value) {
    int slot = (int) (value ^ (value >>> 32)) & (SLOTS - 1);
    Long kept = LONGS[slot];
    if (kept != null && kept == value) {
      return kept;
    }
    Long boxed = value;
    LONGS[slot] = boxed;
    return boxed;
  }
}
