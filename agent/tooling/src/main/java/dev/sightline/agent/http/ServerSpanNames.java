package dev.sightline.agent.http;

/**
 * Server span names, {@code "GET /api/orders/{id}"}: made once per method and route rather than
 * concatenated for every request. Direct-mapped and racy like SharedValues: a lost slot only
 * costs a concatenation, and a kept name is immutable.
 */
final class ServerSpanNames {

  private static final int SLOTS = 256;
  private static final Name[] NAMES = new Name[SLOTS];

  private ServerSpanNames() {}

  /** The span name for a normalized method ({@link HttpSemantics#method}) and a route, or the method alone. */
  static String of(String method, String route) {
    String verb = HttpSemantics.OTHER_METHOD.equals(method) ? "HTTP" : method;
    if (route == null) {
      return verb;
    }
    int slot = (31 * route.hashCode() + verb.hashCode()) & (SLOTS - 1);
    Name kept = NAMES[slot];
    if (kept != null && kept.verb.equals(verb) && kept.route.equals(route)) {
      return kept.name;
    }
    String name = verb + ' ' + route;
    NAMES[slot] = new Name(verb, route, name);
    return name;
  }

  private static final class Name {
    final String verb;
    final String route;
    final String name;

    Name(String verb, String route, String name) {
      this.verb = verb;
      this.route = route;
      this.name = name;
    }
  }
}
