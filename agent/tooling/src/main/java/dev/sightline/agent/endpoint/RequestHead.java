package dev.sightline.agent.endpoint;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A request line and headers that passed {@link RequestParser}'s checks. */
final class RequestHead {

  final String method;
  /** Percent-decoded, checked: starts with '/', no dot segments, backslashes or control characters. */
  final String path;
  /** Raw (still encoded), or null; its escapes are well-formed. */
  final String query;
  /** Lower-case names. */
  final Map<String, List<String>> headers;

  RequestHead(String method, String path, String query, Map<String, List<String>> headers) {
    this.method = method;
    this.path = path;
    this.query = query;
    this.headers = headers;
  }

  /** The first value of a header, or null. */
  String header(String lowerCaseName) {
    List<String> values = headers.getOrDefault(lowerCaseName, Collections.emptyList());
    return values.isEmpty() ? null : values.get(0);
  }

  boolean hasHeader(String lowerCaseName) {
    return headers.containsKey(lowerCaseName);
  }
}
