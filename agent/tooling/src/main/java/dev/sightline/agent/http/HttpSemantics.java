package dev.sightline.agent.http;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The OpenTelemetry HTTP semantic-convention rules that do not depend on a library. */
public final class HttpSemantics {

  /** Each known method to itself: the shared constant a request's own copy is swapped for. */
  private static final Map<String, String> KNOWN_METHODS = new HashMap<>();
  /** Query keys whose values carry credentials in signed URLs. */
  private static final Set<String> SECRET_QUERY_KEYS =
      new HashSet<>(Arrays.asList("AWSAccessKeyId", "Signature", "sig", "X-Goog-Signature"));

  static final String OTHER_METHOD = "_OTHER";

  static {
    for (String method : new String[] {"CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE", "QUERY"}) {
      KNOWN_METHODS.put(method, method);
    }
  }

  private HttpSemantics() {}

  /**
   * The method as the conventions name it: upper-case known methods, {@code _OTHER} otherwise.
   * A known method comes back as the one shared constant, not the request's own copy.
   */
  public static String method(String method) {
    if (method == null) {
      return OTHER_METHOD;
    }
    String known = KNOWN_METHODS.get(method);
    if (known == null) {
      known = KNOWN_METHODS.get(method.toUpperCase(Locale.ROOT));
    }
    return known == null ? OTHER_METHOD : known;
  }

  public static int defaultPort(String scheme) {
    return "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }

  /** "HTTP/1.1" → "1.1", "HTTP/2" → "2"; null when unknown. */
  public static String protocolVersion(String protocol) {
    if (protocol == null) {
      return null;
    }
    if (protocol.equals("HTTP/1.1")) {
      return "1.1"; // nearly every request: no new string for it
    }
    int slash = protocol.indexOf('/');
    String version = slash < 0 ? protocol : protocol.substring(slash + 1);
    return version.isEmpty() ? null : version;
  }

  /** The query with the values of credential-bearing keys replaced by {@code REDACTED}. */
  public static String redactQuery(String query) {
    if (query == null || query.isEmpty()) {
      return query;
    }
    StringBuilder out = null;
    int start = 0;
    while (start <= query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      int eq = query.indexOf('=', start);
      if (eq > start && eq < end && SECRET_QUERY_KEYS.contains(query.substring(start, eq))) {
        if (out == null) {
          out = new StringBuilder(query.length()).append(query, 0, start);
        }
        out.append(query, start, eq + 1).append("REDACTED");
      } else if (out != null) {
        out.append(query, start, end);
      }
      if (end < query.length() && out != null) {
        out.append('&');
      }
      start = end + 1;
    }
    return out == null ? query : out.toString();
  }

  /**
   * The full URL for {@code url.full}: user-info credentials replaced by
   * {@code REDACTED:REDACTED}, secret query values redacted, the fragment dropped.
   */
  public static String redactUrl(String url) {
    if (url == null) {
      return null;
    }
    int hash = url.indexOf('#');
    if (hash >= 0) {
      url = url.substring(0, hash);
    }
    int schemeEnd = url.indexOf("://");
    if (schemeEnd > 0) {
      int authorityStart = schemeEnd + 3;
      int authorityEnd = firstOf(url, authorityStart, "/?");
      int at = url.lastIndexOf('@', authorityEnd - 1);
      if (at >= authorityStart) {
        url = url.substring(0, authorityStart) + "REDACTED:REDACTED" + url.substring(at);
      }
    }
    int question = url.indexOf('?');
    if (question >= 0) {
      url = url.substring(0, question + 1) + redactQuery(url.substring(question + 1));
    }
    return url;
  }

  private static int firstOf(String text, int from, String chars) {
    for (int i = from; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }

  /** {@code error.type} for an exception: its class name. */
  public static String errorType(Throwable error) {
    return error.getClass().getName();
  }
}
