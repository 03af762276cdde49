package dev.sightline.agent.health;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every dependency the agent has seen the application talk to (an HTTP host, a database, a
 * broker), with its last outcome, for /health. Bounded: past {@link #MAX} distinct entries
 * new ones are not tracked, so a client calling endless hosts cannot grow it.
 */
public final class Dependencies {

  public static final int MAX = 256;

  /**
   * By type, then name: a call's lookup hashes the strings it already has (their hash is cached)
   * instead of building a key string per message or request.
   */
  private final ConcurrentMap<String, ConcurrentMap<String, Dependency>> byTypeAndName = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();

  /** A call to the dependency succeeded. */
  public void success(String type, String name) {
    Dependency dependency = get(type, name);
    if (dependency != null) {
      dependency.success();
    }
  }

  /** A call to the dependency failed with {@code error} (an error type or message). */
  public void failure(String type, String name, String error) {
    Dependency dependency = get(type, name);
    if (dependency != null) {
      dependency.failure(error);
    }
  }

  /** The connection to the dependency is lost (not just one failed call). */
  public void down(String type, String name, String reason) {
    Dependency dependency = get(type, name);
    if (dependency != null) {
      dependency.down(reason);
    }
  }

  public Collection<Dependency> all() {
    List<Dependency> list = new ArrayList<>();
    byTypeAndName.values().forEach(ofType -> list.addAll(ofType.values()));
    list.sort((a, b) -> (a.type() + a.name()).compareTo(b.type() + b.name()));
    return list;
  }

  /** The worst status among all dependencies, UP when there are none. */
  public HealthStatus worst() {
    HealthStatus worst = HealthStatus.UP;
    for (ConcurrentMap<String, Dependency> ofType : byTypeAndName.values()) {
      for (Dependency dependency : ofType.values()) {
        worst = worst.worse(dependency.status());
      }
    }
    return worst;
  }

  private Dependency get(String type, String name) {
    if (type == null || name == null) {
      return null;
    }
    ConcurrentMap<String, Dependency> ofType = byTypeAndName.get(type);
    Dependency dependency = ofType == null ? null : ofType.get(name);
    if (dependency == null && count.get() < MAX) {
      dependency = byTypeAndName.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).computeIfAbsent(name, n -> {
        count.incrementAndGet();
        return new Dependency(type, name);
      });
    }
    return dependency;
  }
}
