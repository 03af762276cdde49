package dev.sightline.apps.otelapi;

/** What a route answers: a status and a small JSON object built by hand (the app bundles no JSON library). */
record Answer(int status, String json) {

  /** A 200 with the object made of the given key/value pairs. */
  static Answer ok(Object... keyValues) {
    return of(200, keyValues);
  }

  /** Values are written as JSON strings unless they are numbers or booleans. */
  static Answer of(int status, Object... keyValues) {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      json.append(i == 0 ? "" : ",").append(quoted(String.valueOf(keyValues[i]))).append(':');
      Object value = keyValues[i + 1];
      json.append(value instanceof Number || value instanceof Boolean ? String.valueOf(value) : quoted(String.valueOf(value)));
    }
    return new Answer(status, json.append('}').toString());
  }

  private static String quoted(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
