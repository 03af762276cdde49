package dev.sightline.agent.telemetry;

import dev.sightline.bootstrap.CallDepth;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads the agent owns: daemon, so they never keep the application's JVM alive, and
 * marked as suppressed, so the agent's own HTTP traffic (span export) is never traced.
 */
public final class AgentThreads implements ThreadFactory {

  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  public AgentThreads(String name) {
    this.prefix = "sightline-" + name + "-";
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread =
        new Thread(
            () -> {
              CallDepth.enter(CallDepth.SUPPRESSED);
              task.run();
            },
            prefix + count.incrementAndGet());
    thread.setDaemon(true);
    thread.setContextClassLoader(AgentThreads.class.getClassLoader());
    return thread;
  }
}
