package dev.sightline.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricChildrenTest {

  @Test
  void aLabelSetSeenBeforeIsAnsweredWithoutAskingTheMetric() {
    List<String> asked = new ArrayList<>();
    MetricChildren<String> children = new MetricChildren<>(labels -> {
      asked.add(String.join("|", labels));
      return String.join("|", labels);
    });
    String first = children.get("GET", "200", "/orders/{id}", "");
    for (int i = 0; i < 100; i++) {
      assertSame(first, children.get("GET", new String("200"), "/orders/{id}", ""));
    }
    assertEquals("kafka|send|orders||", children.get("kafka", "send", "orders", "", ""));
    assertEquals(List.of("GET|200|/orders/{id}|", "kafka|send|orders||"), asked);
  }

  @Test
  void manyLabelSetsSharingSlotsStillGetTheirOwnChild() {
    MetricChildren<List<String>> children = new MetricChildren<>(Arrays::asList);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 500; i++) {
        assertEquals(List.of("GET", "200", "/r" + i, ""), children.get("GET", "200", "/r" + i, ""));
        assertEquals(List.of("a", "b", "c", "d", "e" + i), children.get("a", "b", "c", "d", "e" + i));
      }
    }
  }

  @Test
  void commonStatusCodesAreSharedStrings() {
    assertSame(StatusLabels.of(200), StatusLabels.of(200));
    assertEquals("", StatusLabels.of(0));
    assertEquals("799", StatusLabels.of(799));
  }
}
