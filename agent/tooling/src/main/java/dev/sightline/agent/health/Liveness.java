package dev.sightline.agent.health;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/** Live unless the JVM has deadlocked threads. */
public final class Liveness {

  /** Names of the deadlocked threads; empty when live. */
  public List<String> deadlockedThreads() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] ids = threads.findDeadlockedThreads();
    List<String> names = new ArrayList<>();
    if (ids != null) {
      for (ThreadInfo info : threads.getThreadInfo(ids)) {
        if (info != null) {
          names.add(info.getThreadName());
        }
      }
    }
    return names;
  }
}
