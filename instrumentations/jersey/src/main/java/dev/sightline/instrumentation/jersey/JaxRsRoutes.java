package dev.sightline.instrumentation.jersey;

/** {@code http.route} from JAX-RS templates: the application's base path, then each matched {@code @Path}. */
final class JaxRsRoutes {

  private JaxRsRoutes() {}

  /**
   * @param basePath the path the JAX-RS application is served under ({@code /ctx/api/}), or null
   * @param matchedInnermostFirst the templates as JAX-RS lists them, the method's first
   * @return the route, e.g. {@code /ctx/api/things/{id}}; null when nothing matched
   */
  static String route(String basePath, String[] matchedInnermostFirst) {
    if (matchedInnermostFirst == null || matchedInnermostFirst.length == 0) {
      return null;
    }
    StringBuilder route = new StringBuilder();
    append(route, basePath);
    for (int i = matchedInnermostFirst.length - 1; i >= 0; i--) {
      append(route, matchedInnermostFirst[i]);
    }
    return route.length() == 0 ? "/" : route.toString();
  }

  /** Appends a path segment with exactly one slash before it and none at its end. */
  private static void append(StringBuilder route, String part) {
    if (part == null) {
      return;
    }
    String trimmed = part.trim();
    int start = 0;
    int end = trimmed.length();
    while (start < end && trimmed.charAt(start) == '/') {
      start++;
    }
    while (end > start && trimmed.charAt(end - 1) == '/') {
      end--;
    }
    if (start < end) {
      route.append('/').append(trimmed, start, end);
    }
  }
}
