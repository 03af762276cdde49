package dev.sightline.agent.endpoint;

import dev.sightline.agent.config.AgentConfig;
import dev.sightline.bootstrap.AgentLog;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * Who may read what. Prometheus and orchestrators must reach /metrics, /health, /ready and
 * /live from anywhere, as they always could. Every other route (/traces, the viewer, and any
 * route added later) carries URLs, client addresses and SQL, so it answers only:
 *
 * <ul>
 *   <li>a loopback client that names a loopback host and was not forwarded by a proxy: a proxy on
 *       the same host makes every visitor look local, and a page from another site that rebinds its
 *       own name to 127.0.0.1 (DNS rebinding) still sends that name as {@code Host};
 *   <li>a client that sends {@code Authorization: Bearer <sightline.endpoint.token>};
 *   <li>anyone, when {@code sightline.endpoint.traces.open=true}.
 * </ul>
 *
 * With a token set, the page itself (which holds no data) is served to everyone, since a browser
 * can only send the token from the page.
 */
final class EndpointAccess {

  static final String TOKEN_KEY = "sightline.endpoint.token";
  static final String OPEN_KEY = "sightline.endpoint.traces.open";
  static final Set<String> OPEN_ROUTES = Set.of("/metrics", "/health", "/ready", "/live");

  private static final int SHORT_TOKEN = 16;

  private final byte[] token;
  private final boolean open;
  private final Set<String> pageRoutes;

  EndpointAccess(String token, boolean open, Set<String> pageRoutes) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.open = open;
    this.pageRoutes = pageRoutes;
  }

  static EndpointAccess fromConfig(AgentConfig config, Set<String> pageRoutes) {
    String token = config.get(TOKEN_KEY);
    if (token != null && token.length() < SHORT_TOKEN) {
      AgentLog.warn(TOKEN_KEY + " is shorter than " + SHORT_TOKEN + " characters: easy to guess", null);
    }
    return new EndpointAccess(token, config.getBoolean(OPEN_KEY, false), pageRoutes);
  }

  /** Everything open to everyone: servers in tests. */
  static EndpointAccess everyone() {
    return new EndpointAccess(null, true, Set.of());
  }

  /** Null when {@code client} may have {@code route}, else the one-line reason for the 403. */
  String refusal(String route, InetAddress client, RequestHead head) {
    if (open || OPEN_ROUTES.contains(route)) {
      return null;
    }
    String authorization = head.header("authorization");
    if (token != null && authorization != null) {
      return tokenMatches(authorization) ? null : "wrong token";
    }
    String local = localRefusal(client, head);
    if (local == null) {
      return null;
    }
    if (token != null) {
      return pageRoutes.contains(route)
          ? null
          : "this endpoint needs its token: send 'Authorization: Bearer <" + TOKEN_KEY + ">' or enter it in the page at /";
    }
    return local + "; set " + TOKEN_KEY + " to admit clients that send it, or " + OPEN_KEY
        + "=true (open here to all: /metrics /health /ready /live)";
  }

  boolean tokenRequired() {
    return token != null && !open;
  }

  /** For the start-up line: who gets /traces and the viewer. */
  String summary() {
    return open ? "traces open to all" : token != null ? "traces for loopback and token holders" : "traces for loopback only";
  }

  private static String localRefusal(InetAddress client, RequestHead head) {
    if (client == null || !client.isLoopbackAddress()) {
      return "/traces and the trace viewer answer loopback clients only";
    }
    if (head.hasHeader("forwarded") || head.hasHeader("x-forwarded-for") || head.hasHeader("x-real-ip")) {
      return "a request forwarded by a proxy is not a loopback client";
    }
    String host = head.header("host");
    if (host != null && !isLoopbackHost(host)) {
      return "a loopback client must name a loopback host (localhost, 127.0.0.1, [::1]), not " + printable(host);
    }
    return null;
  }

  private boolean tokenMatches(String authorization) {
    String value = authorization.trim();
    if (value.length() < 7 || !value.substring(0, 7).equalsIgnoreCase("bearer ")) {
      return false;
    }
    byte[] offered = value.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(token, offered);
  }

  /** Literal checks only: resolving a name here would let a request make the agent do DNS. */
  static boolean isLoopbackHost(String hostHeader) {
    String host = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      String literal = end < 0 ? "" : host.substring(1, end);
      return literal.equals("::1") || literal.equals("0:0:0:0:0:0:0:1");
    }
    int colon = host.indexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit) || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static String printable(String text) {
    String shortened = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return shortened.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
