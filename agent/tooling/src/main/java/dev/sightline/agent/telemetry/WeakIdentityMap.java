package dev.sightline.agent.telemetry;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the agent remembers about an application's objects (a statement's SQL, a consumer's queue),
 * held only as long as the application holds the object. Keys compare by identity: a library or
 * the application may override {@code equals}, and two distinct objects must never share an entry.
 * Concurrent, because application threads read it on every instrumented call.
 */
public final class WeakIdentityMap<K, V> {

  private final ConcurrentHashMap<Object, V> entries = new ConcurrentHashMap<>();
  private final ReferenceQueue<K> collected = new ReferenceQueue<>();

  public V get(K key) {
    if (key == null) {
      return null;
    }
    expunge();
    return entries.get(new Probe(key));
  }

  public void put(K key, V value) {
    if (key == null || value == null) {
      return;
    }
    expunge();
    entries.put(new WeakKey<>(key, collected), value);
  }

  public V remove(K key) {
    if (key == null) {
      return null;
    }
    expunge();
    return entries.remove(new Probe(key));
  }

  public int size() {
    expunge();
    return entries.size();
  }

  private void expunge() {
    Object cleared;
    while ((cleared = collected.poll()) != null) {
      entries.remove(cleared);
    }
  }

  /** Both key kinds are equal when they refer to the same, still reachable, object. */
  private interface IdentityKey {
    Object target();
  }

  private static boolean sameTarget(Object self, Object target, Object other) {
    if (self == other) {
      return true;
    }
    return target != null && other instanceof IdentityKey && ((IdentityKey) other).target() == target;
  }

  private static final class WeakKey<K> extends WeakReference<K> implements IdentityKey {
    private final int hash;

    WeakKey(K key, ReferenceQueue<K> queue) {
      super(key, queue);
      this.hash = System.identityHashCode(key);
    }

    @Override
    public Object target() {
      return get();
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return sameTarget(this, get(), other);
    }
  }

  /** A short-lived strong key for lookups, so a get never allocates a reference the GC must track. */
  private static final class Probe implements IdentityKey {
    private final Object key;

    Probe(Object key) {
      this.key = key;
    }

    @Override
    public Object target() {
      return key;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(key);
    }

    @Override
    public boolean equals(Object other) {
      return sameTarget(this, key, other);
    }
  }
}
