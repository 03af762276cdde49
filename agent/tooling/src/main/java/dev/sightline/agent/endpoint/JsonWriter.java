package dev.sightline.agent.endpoint;

/** Writes JSON without a library: the endpoint's documents are small and flat enough. */
final class JsonWriter {

  private final StringBuilder out = new StringBuilder(1024);
  private boolean needComma;

  JsonWriter beginObject() {
    comma();
    out.append('{');
    needComma = false;
    return this;
  }

  JsonWriter endObject() {
    out.append('}');
    needComma = true;
    return this;
  }

  JsonWriter beginArray() {
    comma();
    out.append('[');
    needComma = false;
    return this;
  }

  JsonWriter endArray() {
    out.append(']');
    needComma = true;
    return this;
  }

  JsonWriter name(String name) {
    comma();
    string(name);
    out.append(':');
    needComma = false;
    return this;
  }

  JsonWriter value(String value) {
    comma();
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    needComma = true;
    return this;
  }

  JsonWriter value(long value) {
    comma();
    out.append(value);
    needComma = true;
    return this;
  }

  JsonWriter value(double value) {
    comma();
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      out.append("null");
    } else {
      out.append(value);
    }
    needComma = true;
    return this;
  }

  JsonWriter value(boolean value) {
    comma();
    out.append(value);
    needComma = true;
    return this;
  }

  /** A value of any attribute type: strings, numbers, booleans, lists of them. */
  JsonWriter any(Object value) {
    if (value instanceof String || value == null) {
      return value((String) value);
    }
    if (value instanceof Boolean) {
      return value(((Boolean) value).booleanValue());
    }
    if (value instanceof Double || value instanceof Float) {
      return value(((Number) value).doubleValue());
    }
    if (value instanceof Number) {
      return value(((Number) value).longValue());
    }
    if (value instanceof Iterable) {
      beginArray();
      for (Object item : (Iterable<?>) value) {
        any(item);
      }
      return endArray();
    }
    return value(String.valueOf(value));
  }

  JsonWriter field(String name, String value) {
    return name(name).value(value);
  }

  JsonWriter field(String name, long value) {
    return name(name).value(value);
  }

  private void comma() {
    if (needComma) {
      out.append(',');
    }
  }

  private void string(String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
