package dev.sightline.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SharedValuesTest {

  @Test
  void aRepeatedStringComesBackAsTheKeptInstance() {
    String first = SharedValues.of(new String("Mozilla/5.0 (X11; Linux x86_64)".toCharArray()));
    String again = SharedValues.of(new String("Mozilla/5.0 (X11; Linux x86_64)".toCharArray()));
    assertSame(first, again);
    assertNull(SharedValues.of((String) null));
  }

  @Test
  void valuesThatShareASlotStayThemselves() {
    // "Aa" and "BB" have the same hash code, so they take the same slot in turn.
    for (int i = 0; i < 100; i++) {
      assertEquals("Aa", SharedValues.of("Aa"));
      assertEquals("BB", SharedValues.of("BB"));
    }
    for (int i = 0; i < 5_000; i++) {
      String value = "agent-" + i;
      assertEquals(value, SharedValues.of(value));
    }
  }

  @Test
  void aRepeatedLongComesBackAsTheKeptBox() {
    Long first = SharedValues.of(8080L);
    assertSame(first, SharedValues.of(8080L));
    assertEquals(404L, SharedValues.of(404L));
    assertEquals(8080L + 512, SharedValues.of(8080L + 512));
    assertEquals(8080L, SharedValues.of(8080L));
    assertEquals(-1L, SharedValues.of(-1L));
    assertEquals(Long.MIN_VALUE, SharedValues.of(Long.MIN_VALUE));
  }
}
