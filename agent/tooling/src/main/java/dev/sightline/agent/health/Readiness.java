package dev.sightline.agent.health;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Ready means: the agent is installed, and every HTTP server the application has opened
 * through an instrumented server is listening.
 */
public final class Readiness {

  private final Set<Object> opening = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
  private volatile boolean installed;
  private volatile int listening;

  public void installed() {
    installed = true;
  }

  public void serverOpened(Object server) {
    opening.add(server);
  }

  public void serverListening(Object server) {
    opening.remove(server);
    listening++;
  }

  public void serverClosed(Object server) {
    opening.remove(server);
  }

  public boolean ready() {
    return installed && opening.isEmpty();
  }

  public String reason() {
    if (!installed) {
      return "agent not installed yet";
    }
    if (!opening.isEmpty()) {
      return opening.size() + " HTTP server(s) opened but not listening yet";
    }
    return listening > 0 ? "installed; application HTTP server listening" : "installed";
  }
}
