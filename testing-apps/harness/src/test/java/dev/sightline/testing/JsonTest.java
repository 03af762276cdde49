package dev.sightline.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void parsesNestedStructuresInOrder() {
    Map<String, Object> health = Json.object(
        " {\"status\":\"UP\",\"exporter\":{\"queued\":0,\"dropped\":[1,2,{\"x\":null}]},"
            + "\"ready\":true,\"degraded\":false,\"empty\":{},\"none\":[]}\n");
    assertEquals(List.of("status", "exporter", "ready", "degraded", "empty", "none"),
        List.copyOf(health.keySet()));
    assertEquals("UP", health.get("status"));
    @SuppressWarnings("unchecked")
    Map<String, Object> exporter = (Map<String, Object>) health.get("exporter");
    assertEquals(0L, exporter.get("queued"));
    Map<String, Object> nullValued = new LinkedHashMap<>();
    nullValued.put("x", null);
    assertEquals(List.of(1L, 2L, nullValued), exporter.get("dropped"));
    assertEquals(Boolean.TRUE, health.get("ready"));
    assertEquals(Boolean.FALSE, health.get("degraded"));
    assertEquals(Map.of(), health.get("empty"));
    assertEquals(List.of(), health.get("none"));
    assertNull(Json.parse("null"));
  }

  @Test
  void decodesEscapes() {
    assertEquals("q\" b\\ s/ \b\f\n\r\t é 😀",
        Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00\""));
  }

  @Test
  void typesNumbers() {
    assertEquals(List.of(0L, -7L, 1234567890123L, 1.5, -0.25, 1000.0, 0.01, 2.0),
        Json.parse("[0, -7, 1234567890123, 1.5, -0.25, 1e3, 1E-2, 2.0]"));
    assertEquals(1.0e19, Json.parse("10000000000000000000"));
  }

  @Test
  void rejectsBadInputWithTheOffset() {
    IllegalArgumentException trailingComma =
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1,}"));
    assertTrue(trailingComma.getMessage().contains("offset 7"), trailingComma.getMessage());

    for (String bad : List.of("", "   ", "{", "[1 2]", "{\"a\" 1}", "{a:1}", "'x'", "01", "1.",
        "-", ".5", "1e", "+1", "tru", "nul", "\"open", "\"bad \\x escape\"", "\"\\u12G4\"",
        "\"tab\tinside\"", "[1]]", "{} {}", "NaN", "{\"a\":1,\"a\":2}")) {
      assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
    }
    IllegalArgumentException notObject =
        assertThrows(IllegalArgumentException.class, () -> Json.object("[1]"));
    assertTrue(notObject.getMessage().contains("array"), notObject.getMessage());
    assertEquals(List.of(1L), Json.array("[1]"));
  }
}
