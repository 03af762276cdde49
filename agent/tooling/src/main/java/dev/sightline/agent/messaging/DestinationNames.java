package dev.sightline.agent.messaging;

import dev.sightline.agent.telemetry.BoundedLabels;
import dev.sightline.agent.telemetry.LabelMemo;

/**
 * Keeps destination names usable as metric labels and span names. Server-generated queues
 * ({@code amq.gen-...}), reply queues and names embedding a UUID, a long hex id or a timestamp
 * are created per client or per request: each would be a new time series, so they all fold into
 * {@link #TEMPORARY}. Past {@link #MAX_DISTINCT} distinct names, further new ones fold into
 * {@link #OTHER}, a last guard for applications naming destinations in ways no rule foresees.
 */
public final class DestinationNames {

  public static final String TEMPORARY = "(temporary)";
  public static final String OTHER = "(other)";
  static final int MAX_DISTINCT = 200;
  private static final int MAX_LENGTH = 200;
  private static final int MIN_HEX_RUN = 16;
  private static final int MIN_DIGIT_RUN = 10;

  private final BoundedLabels kept;
  private final LabelMemo memo = new LabelMemo();

  public DestinationNames() {
    this(MAX_DISTINCT);
  }

  DestinationNames(int maxDistinct) {
    this.kept = new BoundedLabels(maxDistinct, OTHER);
  }

  /** The label value for a destination: the name itself, or a fixed stand-in. */
  public String label(String name) {
    if (name == null || name.isEmpty()) {
      return "";
    }
    String known = memo.get(name);
    if (known != null) {
      return known;
    }
    return memo.put(name, looksTemporary(name) ? TEMPORARY : kept.label(name));
  }

  /** The name, or {@link #TEMPORARY} when it looks generated (for span names). */
  public static String forSpanName(String name) {
    return looksTemporary(name) ? TEMPORARY : name;
  }

  /** True for names a server or client generates per connection, consumer or request. */
  public static boolean looksTemporary(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    if (name.startsWith("amq.gen-") || name.startsWith("amq.rabbitmq.reply-to.") || name.length() > MAX_LENGTH) {
      return true;
    }
    return hasUuid(name) || hasIdRun(name);
  }

  /** A run of 16+ hex characters with a digit in it, or of 10+ digits (ids, hashes, timestamps). */
  private static boolean hasIdRun(String name) {
    int hexRun = 0;
    int digitRun = 0;
    boolean runHasDigit = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      if (digit) {
        if (++digitRun >= MIN_DIGIT_RUN) {
          return true;
        }
      } else {
        digitRun = 0;
      }
      if (digit || isHexLetter(c)) {
        hexRun++;
        runHasDigit |= digit;
        if (hexRun >= MIN_HEX_RUN && runHasDigit) {
          return true;
        }
      } else {
        hexRun = 0;
        runHasDigit = false;
      }
    }
    return false;
  }

  /** 8-4-4-4-12 hex digits, anywhere in the name. */
  private static boolean hasUuid(String name) {
    int[] groups = {8, 4, 4, 4, 12};
    for (int start = 0; start + 36 <= name.length(); start++) {
      int pos = start;
      boolean match = true;
      for (int g = 0; g < groups.length && match; g++) {
        for (int k = 0; k < groups[g]; k++, pos++) {
          if (!isHex(name.charAt(pos))) {
            match = false;
            break;
          }
        }
        if (match && g < groups.length - 1) {
          match = name.charAt(pos++) == '-';
        }
      }
      if (match) {
        return true;
      }
    }
    return false;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || isHexLetter(c);
  }

  private static boolean isHexLetter(char c) {
    return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
