package dev.sightline.agent.http;

import dev.sightline.agent.telemetry.SpanNames;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Server span names, {@code "GET /api/orders/{id}"}: "HTTP" stands for a method the conventions do
 * not know, and a request with no route is named by its method alone. Each name is made once per
 * method and route.
 */
final class ServerSpanNames {

  /** By normalized method: the known ones and "HTTP", so a handful. */
  private static final ConcurrentMap<String, SpanNames> BY_VERB = new ConcurrentHashMap<>();

  private ServerSpanNames() {}

  /** The span name for a normalized method ({@link HttpSemantics#method}) and a route, or the method alone. */
  static String of(String method, String route) {
    String verb = HttpSemantics.OTHER_METHOD.equals(method) ? "HTTP" : method;
    return route == null ? verb : BY_VERB.computeIfAbsent(verb, SpanNames::new).of(route);
  }
}
