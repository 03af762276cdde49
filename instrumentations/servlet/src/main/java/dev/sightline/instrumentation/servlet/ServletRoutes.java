package dev.sightline.instrumentation.servlet;

/** {@code http.route} from a servlet mapping: the context path plus the matched pattern. */
final class ServletRoutes {

  /** Marks a request whose span is started, so re-dispatches of it add no second span. */
  static final String CALL_ATTRIBUTE = "dev.sightline.servlet.call";

  private ServletRoutes() {}

  /**
   * The route for a {@code MappingMatch} name and pattern, or null when the mapping says
   * nothing about a template (a missing pattern, an unknown match).
   */
  static String route(String contextPath, String match, String pattern) {
    if (match == null) {
      return null;
    }
    String context = contextPath == null || "/".equals(contextPath) ? "" : contextPath;
    switch (match) {
      case "CONTEXT_ROOT":
        return context.isEmpty() ? "/" : context;
      case "DEFAULT":
        // The default servlet ("/") answers every path nothing else maps.
        return context + "/*";
      case "EXACT":
      case "PATH":
        return pattern == null || pattern.isEmpty() ? null : context + pattern;
      case "EXTENSION":
        return pattern == null || pattern.isEmpty() ? null : context + "/" + pattern;
      default:
        return null;
    }
  }

  /**
   * What a servlet mapped by path prefix ({@code /api/*}) adds in front of the paths it sees;
   * empty for the default servlet and every other kind of mapping.
   */
  static String servletPrefix(String match, String pattern) {
    if (!"PATH".equals(match) || pattern == null || !pattern.endsWith("/*")) {
      return "";
    }
    return pattern.substring(0, pattern.length() - 2);
  }
}
