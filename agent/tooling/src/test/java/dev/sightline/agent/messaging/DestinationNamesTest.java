package dev.sightline.agent.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DestinationNamesTest {

  @Test
  void keepsOrdinaryNames() {
    DestinationNames names = new DestinationNames();
    for (String name :
        new String[] {"orders", "orders.created", "amq.default", "amq.topic", "billing-v2", "queue_2024", "events.eu-west-1"}) {
      assertEquals(name, names.label(name), name);
      assertFalse(DestinationNames.looksTemporary(name), name);
    }
  }

  @Test
  void foldsGeneratedNames() {
    DestinationNames names = new DestinationNames();
    for (String name :
        new String[] {
          "amq.gen-JzTY20BRgKO-HjmUJj0wLg",
          "amq.rabbitmq.reply-to.g1h2AA5yZXBseUAyNzc5NjQyMAAAC1oAAAAAAAAAAQ==",
          "reply-3f2b8c1e-9d4a-4e7b-a1c2-0f9e8d7c6b5a",
          "3F2B8C1E-9D4A-4E7B-A1C2-0F9E8D7C6B5A",
          "session.0123456789abcdef0123",
          "tmp-1700000000123",
        }) {
      assertTrue(DestinationNames.looksTemporary(name), name);
      assertEquals(DestinationNames.TEMPORARY, names.label(name), name);
      assertEquals(DestinationNames.TEMPORARY, DestinationNames.forSpanName(name), name);
    }
  }

  @Test
  void longLetterOnlyWordsAreNotIds() {
    assertFalse(DestinationNames.looksTemporary("deadbeefcafebabefacade"));
    assertFalse(DestinationNames.looksTemporary("order-12345"));
  }

  @Test
  void emptyAndNullAreEmptyLabels() {
    DestinationNames names = new DestinationNames();
    assertEquals("", names.label(null));
    assertEquals("", names.label(""));
    assertFalse(DestinationNames.looksTemporary(null));
  }

  @Test
  void capsDistinctNames() {
    DestinationNames names = new DestinationNames(3);
    assertEquals("a", names.label("a"));
    assertEquals("b", names.label("b"));
    assertEquals("c", names.label("c"));
    assertEquals(DestinationNames.OTHER, names.label("d"));
    assertEquals("a", names.label("a"), "names kept before the cap stay");
  }
}
