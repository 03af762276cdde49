package dev.sightline.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {

  /** Equal by value, as some wrappers are: the map must still keep them apart. */
  private static final class SameEverywhere {
    @Override
    public boolean equals(Object other) {
      return other instanceof SameEverywhere;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  @Test
  void keysCompareByIdentity() {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    Object first = new SameEverywhere();
    Object second = new SameEverywhere();
    map.put(first, "first");
    map.put(second, "second");
    assertEquals("first", map.get(first));
    assertEquals("second", map.get(second));
    assertEquals("first", map.remove(first));
    assertNull(map.get(first));
    assertEquals("second", map.get(second));
    assertEquals(1, map.size());
  }

  @Test
  void nullsAreIgnored() {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    map.put(null, "x");
    map.put(new Object(), null);
    assertNull(map.get(null));
    assertNull(map.remove(null));
    assertEquals(0, map.size());
  }

  @Test
  void collectedKeysLeave() throws InterruptedException {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    for (int i = 0; i < 1000; i++) {
      map.put(new Object(), "garbage");
    }
    Object kept = new Object();
    map.put(kept, "kept");
    for (int attempt = 0; attempt < 50 && map.size() > 1; attempt++) {
      System.gc();
      Thread.sleep(20);
    }
    assertEquals(1, map.size(), "entries of collected keys are removed");
    assertEquals("kept", map.get(kept));
  }
}
