package dev.sightline.agent.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.agent.config.AgentConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Who may read /traces and the viewer. The addresses here are literals given to the policy; the
 * same decisions over real sockets from a non-loopback address are proven in the shop's
 * EndpointAccessTest (in a network namespace of its own).
 */
class EndpointAccessTest {

  private static final String TOKEN = "s3cret-token-0123456789";
  private static final InetAddress LOOPBACK = address("127.0.0.1");
  private static final InetAddress LOOPBACK_6 = address("::1");
  private static final InetAddress REMOTE = address("198.18.0.2");

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RequestHead get(String... headerPairs) {
    Map<String, List<String>> headers = new HashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.computeIfAbsent(headerPairs[i], k -> new ArrayList<>()).add(headerPairs[i + 1]);
    }
    return new RequestHead("GET", "/traces", null, headers);
  }

  private static EndpointAccess access(String token, boolean open) {
    Properties properties = new Properties();
    if (token != null) {
      properties.setProperty(EndpointAccess.TOKEN_KEY, token);
    }
    properties.setProperty(EndpointAccess.OPEN_KEY, Boolean.toString(open));
    return EndpointAccess.fromConfig(new AgentConfig(properties, Map.of()), ViewerAssets.ROUTES);
  }

  @Test
  void metricsAndProbesAreOpenToEveryone() {
    EndpointAccess access = access(null, false);
    for (String route : List.of("/metrics", "/health", "/ready", "/live")) {
      assertNull(access.refusal(route, REMOTE, get()), route);
      assertNull(access.refusal(route, LOOPBACK, get("host", "evil.example")), route);
    }
  }

  @Test
  void byDefaultTracesAndTheViewerAnswerLoopbackClientsOnly() {
    EndpointAccess access = access(null, false);
    for (String route : List.of("/traces", "/", "/viewer.js", "/ops/anything-added-later")) {
      assertNull(access.refusal(route, LOOPBACK, get("host", "localhost:9464")), route);
      assertNull(access.refusal(route, LOOPBACK_6, get("host", "[::1]:9464")), route);
      assertNull(access.refusal(route, LOOPBACK, get()), "no Host (HTTP/1.0 tools)");
      String refusal = access.refusal(route, REMOTE, get("host", "10.1.2.3:9464"));
      assertNotNull(refusal, route);
      assertTrue(refusal.contains("loopback clients only") && refusal.contains(EndpointAccess.TOKEN_KEY), refusal);
      assertFalse(refusal.contains("\n"), "one line");
    }
    assertNotNull(access.refusal("/traces", REMOTE, get("authorization", "Bearer " + TOKEN)), "no token configured");
  }

  @Test
  void aLoopbackClientThatNamesAnotherHostOrWasForwardedIsNotLocal() {
    EndpointAccess access = access(null, false);
    // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1
    String rebinding = access.refusal("/traces", LOOPBACK, get("host", "evil.example:9464"));
    assertNotNull(rebinding);
    assertTrue(rebinding.contains("evil.example"), rebinding);
    assertNotNull(access.refusal("/traces", LOOPBACK, get("host", "127.0.0.1.evil.example")));
    assertNotNull(access.refusal("/traces", LOOPBACK, get("host", "localhost", "x-forwarded-for", "203.0.113.9")));
    assertNotNull(access.refusal("/traces", LOOPBACK, get("host", "localhost", "forwarded", "for=203.0.113.9")));
    assertNotNull(access.refusal("/traces", LOOPBACK, get("host", "localhost", "x-real-ip", "203.0.113.9")));
  }

  @Test
  void withATokenAnyClientThatSendsItIsAdmitted() {
    EndpointAccess access = access(TOKEN, false);
    assertNull(access.refusal("/traces", REMOTE, get("authorization", "Bearer " + TOKEN)));
    assertNull(access.refusal("/traces", REMOTE, get("authorization", "bearer  " + TOKEN + " ")));
    assertEquals("wrong token", access.refusal("/traces", REMOTE, get("authorization", "Bearer nope")));
    assertEquals("wrong token", access.refusal("/traces", REMOTE, get("authorization", "Basic " + TOKEN)));
    assertEquals("wrong token", access.refusal("/traces", REMOTE, get("authorization", "Bearer " + TOKEN + "x")));
    assertEquals("wrong token", access.refusal("/traces", LOOPBACK, get("authorization", "Bearer nope")),
        "a wrong token is wrong from anywhere");
    String missing = access.refusal("/traces", REMOTE, get());
    assertTrue(missing.contains("needs its token"), missing);
    assertNull(access.refusal("/traces", LOOPBACK, get("host", "localhost")), "local clients still need none");
    // the page holds no data, and a browser can only send the token from it
    assertNull(access.refusal("/", REMOTE, get()));
    assertNull(access.refusal("/viewer.js", REMOTE, get()));
    assertTrue(access.tokenRequired());
  }

  @Test
  void openedExplicitlyEveryoneIsAdmitted() {
    EndpointAccess access = access(null, true);
    assertNull(access.refusal("/traces", REMOTE, get()));
    assertNull(access.refusal("/", REMOTE, get()));
  }

  @Test
  void loopbackHostNamesAreRecognisedWithoutResolvingAnything() {
    for (String host : List.of("localhost", "LOCALHOST:9464", "localhost.", "app.localhost", "127.0.0.1", "127.0.0.1:80",
        "127.1.2.3", "[::1]", "[::1]:9464", "[0:0:0:0:0:0:0:1]")) {
      assertTrue(EndpointAccess.isLoopbackHost(host), host);
    }
    for (String host : List.of("example.com", "localhost.example.com", "127.0.0.1.nip.io", "128.0.0.1", "127.0.0.256",
        "127.0.0", "[::2]", "[::1", "", "10.0.0.1", "0.0.0.0", "localhostx")) {
      assertFalse(EndpointAccess.isLoopbackHost(host), host);
    }
  }
}
