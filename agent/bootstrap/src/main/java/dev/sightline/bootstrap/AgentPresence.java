package dev.sightline.bootstrap;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Which Sightline runs in this JVM. It lives in the boot loader, the one place every copy of the
 * agent shares, so a second {@code -javaagent} (the same jar twice, or two versions) finds the first
 * and does nothing, instead of tracing every call twice.
 */
public final class AgentPresence {

  private static final AtomicReference<String> RUNNING = new AtomicReference<>();

  private AgentPresence() {}

  /** Claims the JVM for {@code agent}; returns null when it was free, else the agent that runs already. */
  public static String claim(String agent) {
    return RUNNING.compareAndExchange(null, agent);
  }
}
