package dev.sightline.agent.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads back one Span message written by {@link OtlpTraceEncoder#encodeSpan}: what the /traces
 * ring keeps of a span is its encoding, one array the collector copies cheaply, and it is read
 * back only when someone asks. Fields this agent never writes are skipped.
 */
public final class OtlpSpanDecoder {

  private static final SpanKind[] KINDS = SpanKind.values();
  private static final StatusCode[] CODES = StatusCode.values();

  private final byte[] bytes;
  private int at;

  private OtlpSpanDecoder(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The span {@code encoded} holds, of this resource and scope (which its encoding leaves out). */
  public static SpanData decode(byte[] encoded, Resource resource, InstrumentationScopeInfo scope) {
    DecodedSpanData span = new DecodedSpanData(resource, scope);
    new OtlpSpanDecoder(encoded).span(span, encoded.length);
    return span;
  }

  private void span(DecodedSpanData span, int end) {
    String traceId = null;
    String spanId = null;
    String parentId = null;
    String traceState = null;
    int flags = 0;
    AttributesBuilder attributes = null;
    List<EventData> events = null;
    List<LinkData> links = null;
    while (at < end) {
      int tag = (int) varint();
      switch (tag >>> 3) {
        case 1: traceId = hex(length()); break;
        case 2: spanId = hex(length()); break;
        case 3: traceState = string(length()); break;
        case 4: parentId = hex(length()); break;
        case 5: span.name = string(length()); break;
        case 6: span.kind = kind((int) varint()); break;
        case 7: span.start = fixed64(); break;
        case 8: span.end = fixed64(); break;
        case 9:
          attributes = attributes == null ? Attributes.builder() : attributes;
          keyValue(attributes, at + length());
          break;
        case 10: span.droppedAttributes = (int) varint(); break;
        case 11:
          events = events == null ? new ArrayList<>() : events;
          events.add(event(at + length()));
          break;
        case 12: span.droppedEvents = (int) varint(); break;
        case 13:
          links = links == null ? new ArrayList<>() : links;
          links.add(link(at + length()));
          break;
        case 14: span.droppedLinks = (int) varint(); break;
        case 15: span.status = status(at + length()); break;
        case 16: flags = fixed32(); break;
        default: skip(tag & 7);
      }
    }
    if (traceId != null && spanId != null) {
      span.context = context(traceId, spanId, flags, false, traceState(traceState));
      if (parentId != null) {
        span.parent = context(traceId, parentId, flags, (flags & OtlpTraceEncoder.IS_REMOTE) != 0, TraceState.getDefault());
      }
    }
    span.attributes = attributes == null ? Attributes.empty() : attributes.build();
    span.events = events == null ? Collections.emptyList() : events;
    span.links = links == null ? Collections.emptyList() : links;
  }

  private EventData event(int end) {
    long time = 0;
    String name = "";
    AttributesBuilder attributes = Attributes.builder();
    int dropped = 0;
    while (at < end) {
      int tag = (int) varint();
      switch (tag >>> 3) {
        case 1: time = fixed64(); break;
        case 2: name = string(length()); break;
        case 3: keyValue(attributes, at + length()); break;
        case 4: dropped = (int) varint(); break;
        default: skip(tag & 7);
      }
    }
    Attributes built = attributes.build();
    return EventData.create(time, name, built, built.size() + dropped);
  }

  private LinkData link(int end) {
    String traceId = null;
    String spanId = null;
    String traceState = null;
    AttributesBuilder attributes = Attributes.builder();
    int dropped = 0;
    int flags = 0;
    while (at < end) {
      int tag = (int) varint();
      switch (tag >>> 3) {
        case 1: traceId = hex(length()); break;
        case 2: spanId = hex(length()); break;
        case 3: traceState = string(length()); break;
        case 4: keyValue(attributes, at + length()); break;
        case 5: dropped = (int) varint(); break;
        case 6: flags = fixed32(); break;
        default: skip(tag & 7);
      }
    }
    SpanContext context = traceId == null || spanId == null
        ? SpanContext.getInvalid()
        : context(traceId, spanId, flags, (flags & OtlpTraceEncoder.IS_REMOTE) != 0, traceState(traceState));
    Attributes built = attributes.build();
    return LinkData.create(context, built, built.size() + dropped);
  }

  private StatusData status(int end) {
    String description = "";
    int code = 0;
    while (at < end) {
      int tag = (int) varint();
      switch (tag >>> 3) {
        case 2: description = string(length()); break;
        case 3: code = (int) varint(); break;
        default: skip(tag & 7);
      }
    }
    return StatusData.create(code >= 0 && code < CODES.length ? CODES[code] : StatusCode.UNSET, description);
  }

  /** One KeyValue into {@code attributes}, typed by its value. */
  private void keyValue(AttributesBuilder attributes, int end) {
    String key = "";
    Object value = null;
    while (at < end) {
      int tag = (int) varint();
      switch (tag >>> 3) {
        case 1: key = string(length()); break;
        case 2: value = anyValue(at + length()); break;
        default: skip(tag & 7);
      }
    }
    put(attributes, key, value);
  }

  @SuppressWarnings("unchecked")
  private static void put(AttributesBuilder attributes, String key, Object value) {
    if (value instanceof String) {
      attributes.put(AttributeKey.stringKey(key), (String) value);
    } else if (value instanceof Boolean) {
      attributes.put(AttributeKey.booleanKey(key), (Boolean) value);
    } else if (value instanceof Long) {
      attributes.put(AttributeKey.longKey(key), (Long) value);
    } else if (value instanceof Double) {
      attributes.put(AttributeKey.doubleKey(key), (Double) value);
    } else if (value instanceof List) {
      List<Object> list = (List<Object>) value;
      Object first = list.isEmpty() ? "" : list.get(0);
      if (first instanceof Boolean) {
        attributes.put(AttributeKey.booleanArrayKey(key), (List<Boolean>) (List<?>) list);
      } else if (first instanceof Long) {
        attributes.put(AttributeKey.longArrayKey(key), (List<Long>) (List<?>) list);
      } else if (first instanceof Double) {
        attributes.put(AttributeKey.doubleArrayKey(key), (List<Double>) (List<?>) list);
      } else {
        attributes.put(AttributeKey.stringArrayKey(key), (List<String>) (List<?>) list);
      }
    }
  }

  /** A String, Boolean, Long, Double or List of them; null for a value this agent never writes. */
  private Object anyValue(int end) {
    Object value = null;
    while (at < end) {
      int tag = (int) varint();
      switch (tag >>> 3) {
        case 1: value = string(length()); break;
        case 2: value = varint() != 0; break;
        case 3: value = varint(); break;
        case 4: value = Double.longBitsToDouble(fixed64()); break;
        case 5: value = array(at + length()); break;
        default: skip(tag & 7);
      }
    }
    return value;
  }

  private List<Object> array(int end) {
    List<Object> elements = new ArrayList<>();
    while (at < end) {
      int tag = (int) varint();
      if (tag >>> 3 == 1) {
        Object element = anyValue(at + length());
        elements.add(element == null ? "" : element);
      } else {
        skip(tag & 7);
      }
    }
    return elements;
  }

  /** The low byte of the flags field is the W3C trace flags. */
  private static SpanContext context(String traceId, String spanId, int flags, boolean remote, TraceState state) {
    TraceFlags traceFlags = TraceFlags.fromByte((byte) flags);
    return remote
        ? SpanContext.createFromRemoteParent(traceId, spanId, traceFlags, state)
        : SpanContext.create(traceId, spanId, traceFlags, state);
  }

  /** The encoder writes a kind's ordinal plus one (0 is unspecified). */
  private static SpanKind kind(int value) {
    return value >= 1 && value <= KINDS.length ? KINDS[value - 1] : SpanKind.INTERNAL;
  }

  private static TraceState traceState(String text) {
    if (text == null || text.isEmpty()) {
      return TraceState.getDefault();
    }
    TraceStateBuilder builder = TraceState.builder();
    String[] members = text.split(",");
    // the encoder wrote the members in the state's order; the builder puts each new one first
    for (int i = members.length - 1; i >= 0; i--) {
      int equals = members[i].indexOf('=');
      if (equals > 0) {
        builder.put(members[i].substring(0, equals), members[i].substring(equals + 1));
      }
    }
    return builder.build();
  }

  private int length() {
    return (int) varint();
  }

  private long varint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = bytes[at++];
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("malformed varint");
  }

  private long fixed64() {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value |= (long) (bytes[at++] & 0xFF) << (8 * i);
    }
    return value;
  }

  private int fixed32() {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value |= (bytes[at++] & 0xFF) << (8 * i);
    }
    return value;
  }

  private String string(int length) {
    String text = new String(bytes, at, length, StandardCharsets.UTF_8);
    at += length;
    return text;
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private String hex(int length) {
    char[] chars = new char[length * 2];
    for (int i = 0; i < length; i++) {
      int b = bytes[at + i] & 0xFF;
      chars[2 * i] = HEX[b >>> 4];
      chars[2 * i + 1] = HEX[b & 0xF];
    }
    at += length;
    return new String(chars);
  }

  private void skip(int wireType) {
    switch (wireType) {
      case ReverseProtoWriter.VARINT: varint(); break;
      case ReverseProtoWriter.FIXED64: at += 8; break;
      case ReverseProtoWriter.LENGTH_DELIMITED: at += length(); break;
      case ReverseProtoWriter.FIXED32: at += 4; break;
      default: throw new IllegalArgumentException("wire type " + wireType);
    }
  }
}
