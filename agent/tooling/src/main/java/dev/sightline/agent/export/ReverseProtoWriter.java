package dev.sightline.agent.export;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Protocol Buffers written back to front into one reusable buffer. A nested message's length
 * prefix comes before its content, so a front-to-back writer must size every message first
 * (the SDK's marshalers walk each batch twice); written from the end, a message's content is
 * already there when its length is due. Fields come out in the reverse of the order they are
 * written: callers write the last field first.
 */
@SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): an array copy for one-byte strings
final class ReverseProtoWriter {

  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private byte[] buffer;
  /** The first written byte; the content is {@code buffer[position, buffer.length)}. */
  private int position;

  ReverseProtoWriter(int initialBytes) {
    buffer = new byte[initialBytes];
    position = buffer.length;
  }

  void reset() {
    position = buffer.length;
  }

  /** Bytes written so far; taken before a nested message's content and passed to {@link #endMessage}. */
  int size() {
    return buffer.length - position;
  }

  /** The bytes written since {@code sizeBefore}, as a new array. */
  byte[] copySince(int sizeBefore) {
    return Arrays.copyOfRange(buffer, position, position + size() - sizeBefore);
  }

  /** Bytes copied from {@link #copySince} of an earlier batch, as they were. */
  void raw(byte[] bytes) {
    ensure(bytes.length);
    position -= bytes.length;
    System.arraycopy(bytes, 0, buffer, position, bytes.length);
  }

  /** The array holding the content, from {@link #start()} for {@link #size()} bytes: valid until the next write. */
  byte[] array() {
    return buffer;
  }

  int start() {
    return position;
  }

  /** Text in front of what is written: an HTTP head before its body. */
  void ascii(String text) {
    int length = text.length();
    ensure(length);
    position -= length;
    text.getBytes(0, length, buffer, position);
  }

  byte[] toByteArray() {
    return Arrays.copyOfRange(buffer, position, buffer.length);
  }

  /** Closes a nested message whose content was written since {@code sizeBefore}. */
  void endMessage(int field, int sizeBefore) {
    varint(size() - sizeBefore);
    tag(field, LENGTH_DELIMITED);
  }

  void stringField(int field, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    string(value);
    tag(field, LENGTH_DELIMITED);
  }

  /** Written even when empty: inside a oneof or a repeated field, empty is a value. */
  void stringValue(int field, String value) {
    string(value == null ? "" : value);
    tag(field, LENGTH_DELIMITED);
  }

  void varintField(int field, long value) {
    if (value == 0) {
      return;
    }
    varint(value);
    tag(field, VARINT);
  }

  void boolValue(int field, boolean value) {
    rawByte(value ? 1 : 0);
    tag(field, VARINT);
  }

  void longValue(int field, long value) {
    varint(value);
    tag(field, VARINT);
  }

  void doubleValue(int field, double value) {
    fixed64(Double.doubleToRawLongBits(value));
    tag(field, FIXED64);
  }

  void fixed64Field(int field, long value) {
    if (value == 0) {
      return;
    }
    fixed64(value);
    tag(field, FIXED64);
  }

  void fixed32Field(int field, int value) {
    if (value == 0) {
      return;
    }
    ensure(4);
    position -= 4;
    buffer[position] = (byte) value;
    buffer[position + 1] = (byte) (value >>> 8);
    buffer[position + 2] = (byte) (value >>> 16);
    buffer[position + 3] = (byte) (value >>> 24);
    tag(field, FIXED32);
  }

  /**
   * A trace or span id given in lowercase hex (as {@code SpanContext} keeps it), written as the
   * raw bytes without decoding it into an array first. An invalid (all-zero) id is left out.
   */
  void hexIdField(int field, String hex, boolean valid) {
    if (!valid) {
      return;
    }
    int bytes = hex.length() / 2;
    ensure(bytes);
    position -= bytes;
    for (int i = 0; i < bytes; i++) {
      buffer[position + i] = (byte) ((nibble(hex.charAt(2 * i)) << 4) | nibble(hex.charAt(2 * i + 1)));
    }
    varint(bytes);
    tag(field, LENGTH_DELIMITED);
  }

  private static int nibble(char c) {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
  }

  void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  void varint(long value) {
    if ((value & ~0x7FL) == 0) {
      // tags, kinds, short lengths: nearly every varint of a span fits one byte
      if (position == 0) {
        ensure(1);
      }
      buffer[--position] = (byte) value;
      return;
    }
    int length = varintSize(value);
    ensure(length);
    position -= length;
    int at = position;
    while ((value & ~0x7FL) != 0) {
      buffer[at++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[at] = (byte) value;
  }

  static int varintSize(long value) {
    // one byte per started group of seven bits; at least one
    return value == 0 ? 1 : (63 - Long.numberOfLeadingZeros(value)) / 7 + 1;
  }

  private void fixed64(long value) {
    ensure(8);
    position -= 8;
    for (int i = 0; i < 8; i++) {
      buffer[position + i] = (byte) (value >>> (8 * i));
    }
  }

  private void rawByte(int value) {
    ensure(1);
    buffer[--position] = (byte) value;
  }

  /**
   * UTF-8 with its length prefix. Nearly every name and attribute is ASCII: its chars are copied
   * one to one and only a char above 0x7F costs an encoding pass. (Copying the low bytes in one
   * block and testing them is not enough: most chars past Latin-1, Cyrillic or CJK, have a low
   * byte below 0x80.)
   */
  private void string(String value) {
    int length = value.length();
    ensure(length);
    int start = position - length;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length);
        position -= utf8.length;
        System.arraycopy(utf8, 0, buffer, position, utf8.length);
        varint(utf8.length);
        return;
      }
      buffer[start + i] = (byte) c;
    }
    position = start;
    varint(length);
  }

  private void ensure(int bytes) {
    if (position >= bytes) {
      return;
    }
    int used = buffer.length - position;
    int grown = Math.max(buffer.length * 2, used + bytes + 64);
    byte[] larger = new byte[grown];
    System.arraycopy(buffer, position, larger, grown - used, used);
    buffer = larger;
    position = grown - used;
  }
}
