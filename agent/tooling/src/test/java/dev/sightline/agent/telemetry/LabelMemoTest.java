package dev.sightline.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class LabelMemoTest {

  @Test
  void findsTheLabelOfTheSameStringOnly() {
    LabelMemo memo = new LabelMemo();
    String topic = "orders";
    assertNull(memo.get(topic));
    assertSame(topic, memo.put(topic, topic));
    assertSame(topic, memo.get(topic));
    assertNull(memo.get(new String("orders")), "an equal string of its own is worked out again");
  }

  @Test
  void aValueOfTheSameSlotTakesItsPlace() {
    LabelMemo memo = new LabelMemo();
    // "Aa" and "BB" share a hash code, so they share a slot
    String first = "Aa";
    String second = "BB";
    memo.put(first, "first");
    memo.put(second, "second");
    assertNull(memo.get(first));
    assertEquals("second", memo.get(second));
  }

  @Test
  void anEqualStringOfItsOwnLeavesTheSlotAsItIs() {
    LabelMemo memo = new LabelMemo();
    String first = "db:5432";
    memo.put(first, first);
    String joinedAgain = new String("db:5432");
    assertSame(joinedAgain, memo.put(joinedAgain, joinedAgain), "the caller still gets its label back");
    assertSame(first, memo.get(first), "the slot still holds the first string");
    assertNull(memo.get(joinedAgain));
  }

  @Test
  void boundedLabelsGiveTheSameAnswerFromTheMemo() {
    BoundedLabels labels = new BoundedLabels(2);
    String a = "a";
    String b = "b";
    String c = "c";
    assertEquals("a", labels.label(a));
    assertEquals("b", labels.label(b));
    assertEquals(BoundedLabels.OTHER, labels.label(c));
    for (int i = 0; i < 3; i++) {
      assertEquals("a", labels.label(a));
      assertEquals(BoundedLabels.OTHER, labels.label(c));
      assertEquals("b", labels.label(new String("b")), "an equal string of its own is still known");
      assertEquals(BoundedLabels.OTHER, labels.label(new String("c")));
    }
  }
}
