package dev.sightline.agent.http;

/** A {@code Host} header or authority split into host and port (port -1 when absent). */
public final class HostAndPort {
  public final String host;
  public final int port;
  /** What was parsed. */
  private String text;
  /** The last value parsed: a server is nearly always asked for by the same Host header. */
  private static volatile HostAndPort last;

  private HostAndPort(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** Null for a missing or malformed value. Handles bracketed IPv6 literals. */
  public static HostAndPort parse(String value) {
    if (value == null) {
      return null;
    }
    HostAndPort previous = last;
    if (previous != null && previous.text.equals(value)) {
      return previous;
    }
    HostAndPort parsed = parseNew(value);
    if (parsed != null) {
      parsed.text = value;
      last = parsed;
    }
    return parsed;
  }

  private static HostAndPort parseNew(String value) {
    String text = value.trim();
    if (text.isEmpty()) {
      return null;
    }
    String host;
    String port = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = text.substring(1, close);
      if (close + 1 < text.length()) {
        if (text.charAt(close + 1) != ':') {
          return null;
        }
        port = text.substring(close + 2);
      }
    } else {
      int colon = text.indexOf(':');
      if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
        return new HostAndPort(text, -1);
      }
      host = colon < 0 ? text : text.substring(0, colon);
      port = colon < 0 ? null : text.substring(colon + 1);
    }
    if (host.isEmpty()) {
      return null;
    }
    int number = -1;
    if (port != null) {
      try {
        number = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        return new HostAndPort(host, -1);
      }
      if (number < 0 || number > 65535) {
        number = -1;
      }
    }
    return new HostAndPort(host, number);
  }
}
