package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent leaves JVM-wide state as the application would have it: log manager, locale, time
 * zone, system properties, and the JDK HTTP server's configuration (read once, at first use).
 */
class JvmStateTest {

  /** Lets /jvm-state read sun.net.httpserver.ServerConfig.noDelay(). */
  private static final String OPEN_SERVER_CONFIG = "--add-opens=jdk.httpserver/sun.net.httpserver=ALL-UNNAMED";

  /**
   * System properties whose values legitimately differ between the two launches. Kept minimal:
   * the harness gives each JVM its own free port for the endpoint (same key, other value).
   * Nothing else differs: -javaagent does not appear in java.class.path or sun.java.command.
   */
  private static final Set<String> DIFFERING_VALUES = Set.of("prop.sightline.endpoint.port");

  private static RunningApp withAgent;
  private static RunningApp withoutAgent;
  private static RunningApp customLogManager;
  private static RunningApp customLogManagerWithoutAgent;

  @BeforeAll
  static void startApps() {
    List<RunningApp> apps = RunningApp.startAll(
        app("state-agent").jvmArg(OPEN_SERVER_CONFIG).sysprop("otel.traces.exporter", "none"),
        app("state-plain").withoutAgent().jvmArg(OPEN_SERVER_CONFIG).sysprop("otel.traces.exporter", "none"),
        app("state-log-agent").jvmArg(OPEN_SERVER_CONFIG).sysprop("otel.traces.exporter", "none")
            .args("--custom-log-manager"),
        app("state-log-plain").withoutAgent().jvmArg(OPEN_SERVER_CONFIG).sysprop("otel.traces.exporter", "none")
            .args("--custom-log-manager"));
    withAgent = apps.get(0);
    withoutAgent = apps.get(1);
    customLogManager = apps.get(2);
    customLogManagerWithoutAgent = apps.get(3);
    for (RunningApp app : apps) {
      // Exercise the instrumentation and, where present, every agent route (JVM metrics register
      // lazily at the first scrape) before looking at the state.
      app.expect(200, "/chain");
      if (app == withAgent || app == customLogManager) {
        app.metrics();
        app.health();
        app.endpoint("/traces");
        app.endpoint("/live");
      }
    }
  }

  @AfterAll
  static void stopApps() {
    for (RunningApp app : new RunningApp[] {withAgent, withoutAgent, customLogManager, customLogManagerWithoutAgent}) {
      if (app != null) {
        app.close();
      }
    }
  }

  @Test
  void sameStateWithAndWithoutTheAgent() {
    Map<String, String> agent = state(withAgent);
    Map<String, String> plain = state(withoutAgent);

    assertEquals("true", plain.get("serverNoDelay"), "the app's own setting, read by the JDK server");
    assertEquals("true", agent.get("serverNoDelay"), "the agent's endpoint must not freeze the JDK server config");
    assertEquals("java.util.logging.LogManager", agent.get("logManager"));
    assertEquals(plain.get("logManager"), agent.get("logManager"));
    assertEquals(plain.get("locale"), agent.get("locale"));
    assertEquals(plain.get("timeZone"), agent.get("timeZone"));

    assertEquals(keysOf(plain), keysOf(agent), "the agent adds or removes no system property");
    Map<String, String> differences = new TreeMap<>();
    for (String key : plain.keySet()) {
      if (!DIFFERING_VALUES.contains(key) && !plain.get(key).equals(agent.get(key))) {
        differences.put(key, plain.get(key) + " -> " + agent.get(key));
      }
    }
    assertEquals(Map.of(), differences, "system properties changed by the agent");
    for (Map<String, String> state : List.of(agent, plain)) {
      assertFalse(state.containsKey("prop.sun.net.httpserver.maxReqTime"));
      assertFalse(state.containsKey("prop.sun.net.httpserver.maxRspTime"));
      assertFalse(state.keySet().stream().anyMatch(key -> key.startsWith("prop.otel.")
          && !key.equals("prop.otel.traces.exporter")), () -> "otel.* properties: " + state.keySet());
    }
  }

  @Test
  void applicationChoosesTheLogManager() {
    assertEquals(AppLogManager.class.getName(), state(customLogManagerWithoutAgent).get("logManager"));
    assertEquals(AppLogManager.class.getName(), state(customLogManager).get("logManager"),
        "the agent must not initialise java.util.logging before main()");
    assertEquals("true", state(customLogManager).get("serverNoDelay"));
  }

  @Test
  void agentThreadsAreDaemons() {
    String dump = withAgent.threadDump();
    List<String> agentThreads = dump.lines().filter(line -> line.startsWith("\"sightline-")).toList();
    assertTrue(agentThreads.stream().anyMatch(line -> line.startsWith("\"sightline-endpoint-")),
        () -> "agent threads in:\n" + dump);
    for (String thread : agentThreads) {
      assertTrue(thread.contains(" daemon "), () -> "not a daemon: " + thread);
    }
  }

  private static Map<String, String> state(RunningApp app) {
    Map<String, String> state = new TreeMap<>();
    for (String line : app.expect(200, "/jvm-state").body().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        state.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return state;
  }

  private static Set<String> keysOf(Map<String, String> state) {
    return state.keySet().stream().collect(Collectors.toCollection(TreeSet::new));
  }
}
