package dev.sightline.agent.telemetry;

/** Status codes as label values, without a new string per request for the common ones. */
public final class StatusLabels {

  private static final String[] CODES = new String[600];

  static {
    for (int code = 100; code < CODES.length; code++) {
      CODES[code] = Integer.toString(code);
    }
  }

  private StatusLabels() {}

  /** The code as text; "" for none (≤ 0). */
  public static String of(int status) {
    if (status <= 0) {
      return "";
    }
    return status < CODES.length && CODES[status] != null ? CODES[status] : Integer.toString(status);
  }
}
