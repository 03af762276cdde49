package dev.sightline.agent.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Encodes a batch of finished spans as an OTLP {@code ExportTraceServiceRequest} in one pass
 * and with no allocation per span: ids go from their hex form straight into the buffer, ASCII
 * strings char by char. One encoder serves one export at a time (the batch processor's thread).
 */
public final class OtlpTraceEncoder {

  // Span flags: the low byte is the W3C trace flags; these two say whether the parent was remote.
  static final int HAS_IS_REMOTE = 0x100;
  static final int IS_REMOTE = 0x200;

  private final ReverseProtoWriter out;
  private final AttributeList attributes = new AttributeList();
  private static final int MAX_ENCODED_KEYS = 256;
  private final Map<AttributeKey<?>, EncodedAttribute> encoded = new IdentityHashMap<>();
  private final StringBuilder traceState = new StringBuilder();

  /** An encoder of whole requests, whose buffer starts at the size of a typical batch's. */
  public OtlpTraceEncoder() {
    this(64 * 1024);
  }

  public OtlpTraceEncoder(int initialBytes) {
    out = new ReverseProtoWriter(initialBytes);
  }

  /**
   * One span's Span message content, without the tag and length that frame it in a request
   * ({@link OtlpSpanDecoder} reads it back).
   */
  public byte[] encodeSpan(SpanData span) {
    return encodeSpanInto(span).toByteArray();
  }

  /** {@link #encodeSpan} in this encoder's own buffer, valid until its next use. */
  ReverseProtoWriter encodeSpanInto(SpanData span) {
    out.reset();
    span(span);
    return out;
  }

  public byte[] encode(Collection<SpanData> spans) {
    return encodeInto(spans).toByteArray();
  }

  /** The request in this encoder's own buffer, valid until its next use: no copy of it is made. */
  ReverseProtoWriter encodeInto(Collection<SpanData> spans) {
    out.reset();
    for (Map.Entry<Resource, Map<InstrumentationScopeInfo, List<SpanData>>> resource : group(spans).entrySet()) {
      int resourceSpans = out.size();
      out.stringField(3, resource.getKey().getSchemaUrl());
      for (Map.Entry<InstrumentationScopeInfo, List<SpanData>> scope : resource.getValue().entrySet()) {
        int scopeSpans = out.size();
        out.stringField(3, scope.getKey().getSchemaUrl());
        List<SpanData> list = scope.getValue();
        for (int i = list.size() - 1; i >= 0; i--) {
          int span = out.size();
          span(list.get(i));
          out.endMessage(2, span);
        }
        int scopeInfo = out.size();
        attributes(3, scope.getKey().getAttributes());
        out.stringField(2, scope.getKey().getVersion());
        out.stringField(1, scope.getKey().getName());
        out.endMessage(1, scopeInfo);
        out.endMessage(2, scopeSpans);
      }
      int resourceInfo = out.size();
      attributes(1, resource.getKey().getAttributes());
      out.endMessage(1, resourceInfo);
      out.endMessage(1, resourceSpans);
    }
    return out;
  }

  /**
   * Spans by resource and scope. Both are shared objects in practice, so spans are first grouped
   * by identity (no hashing of attributes per span); the few groups are then keyed by value, so
   * equal resources or scopes that are not the same object (two SDKs with one configuration)
   * share one entry.
   */
  private static Map<Resource, Map<InstrumentationScopeInfo, List<SpanData>>> group(Collection<SpanData> spans) {
    Map<Resource, Map<InstrumentationScopeInfo, List<SpanData>>> byIdentity = new IdentityHashMap<>(4);
    Resource lastResource = null;
    InstrumentationScopeInfo lastScope = null;
    List<SpanData> last = null;
    for (SpanData span : spans) {
      Resource resource = span.getResource();
      InstrumentationScopeInfo scope = span.getInstrumentationScopeInfo();
      if (resource != lastResource || scope != lastScope) {
        last = byIdentity.computeIfAbsent(resource, r -> new IdentityHashMap<>(8))
            .computeIfAbsent(scope, s -> new ArrayList<>());
        lastResource = resource;
        lastScope = scope;
      }
      last.add(span);
    }
    Map<Resource, Map<InstrumentationScopeInfo, List<SpanData>>> byValue = new LinkedHashMap<>();
    byIdentity.forEach((resource, scopes) -> scopes.forEach((scope, list) ->
        byValue.computeIfAbsent(resource, r -> new LinkedHashMap<>()).computeIfAbsent(scope, s -> new ArrayList<>()).addAll(list)));
    return byValue;
  }

  /** The fields of one Span, last field first. */
  private void span(SpanData span) {
    SpanContext context = span.getSpanContext();
    SpanContext parent = span.getParentSpanContext();
    int flags = (context.getTraceFlags().asByte() & 0xFF) | HAS_IS_REMOTE | (parent.isRemote() ? IS_REMOTE : 0);
    out.fixed32Field(16, flags);
    status(span.getStatus());
    List<LinkData> links = span.getLinks();
    out.varintField(14, span.getTotalRecordedLinks() - links.size());
    for (int i = links.size() - 1; i >= 0; i--) {
      int link = out.size();
      link(links.get(i));
      out.endMessage(13, link);
    }
    List<EventData> events = span.getEvents();
    out.varintField(12, span.getTotalRecordedEvents() - events.size());
    for (int i = events.size() - 1; i >= 0; i--) {
      int event = out.size();
      event(events.get(i));
      out.endMessage(11, event);
    }
    Attributes spanAttributes = span.getAttributes();
    out.varintField(10, span.getTotalAttributeCount() - spanAttributes.size());
    attributes(9, spanAttributes);
    out.fixed64Field(8, span.getEndEpochNanos());
    out.fixed64Field(7, span.getStartEpochNanos());
    out.varintField(6, span.getKind().ordinal() + 1); // INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER are 1 to 5
    out.stringValue(5, span.getName());
    out.hexIdField(4, parent.getSpanId(), parent.isValid());
    out.stringField(3, traceState(context.getTraceState()));
    out.hexIdField(2, context.getSpanId(), true);
    out.hexIdField(1, context.getTraceId(), true);
  }

  private void status(StatusData status) {
    int at = out.size();
    out.varintField(3, status.getStatusCode().ordinal()); // UNSET, OK, ERROR are 0, 1, 2
    out.stringField(2, status.getDescription());
    out.endMessage(15, at);
  }

  private void event(EventData event) {
    Attributes eventAttributes = event.getAttributes();
    out.varintField(4, event.getTotalAttributeCount() - eventAttributes.size());
    attributes(3, eventAttributes);
    out.stringField(2, event.getName());
    out.fixed64Field(1, event.getEpochNanos());
  }

  private void link(LinkData link) {
    SpanContext context = link.getSpanContext();
    out.fixed32Field(6, (context.getTraceFlags().asByte() & 0xFF) | HAS_IS_REMOTE | (context.isRemote() ? IS_REMOTE : 0));
    Attributes linkAttributes = link.getAttributes();
    out.varintField(5, link.getTotalAttributeCount() - linkAttributes.size());
    attributes(4, linkAttributes);
    out.stringField(3, traceState(context.getTraceState()));
    out.hexIdField(2, context.getSpanId(), context.isValid());
    out.hexIdField(1, context.getTraceId(), context.isValid());
  }

  private String traceState(TraceState state) {
    if (state.isEmpty()) {
      return null;
    }
    traceState.setLength(0);
    state.forEach((key, value) -> {
      if (traceState.length() > 0) {
        traceState.append(',');
      }
      traceState.append(key).append('=').append(value);
    });
    return traceState.toString();
  }

  /** Repeated KeyValue {@code field}, in the attributes' own order. */
  private void attributes(int field, Attributes values) {
    if (values.isEmpty()) {
      return;
    }
    attributes.fill(values);
    for (int i = attributes.count - 1; i >= 0; i--) {
      AttributeKey<?> key = attributes.keys[i];
      Object value = attributes.values[i];
      EncodedAttribute cached = encoded.get(key);
      if (cached != null && cached.holds(value)) {
        out.raw(cached.bytes);
      } else {
        int keyValue = out.size();
        value(key, value);
        out.endMessage(2, keyValue); // the AnyValue: the first thing written of the KeyValue
        out.stringValue(1, key.getKey());
        out.varint(out.size() - keyValue);
        remember(key, value, cached, keyValue);
      }
      out.tag(field, ReverseProtoWriter.LENGTH_DELIMITED);
    }
    attributes.clear();
  }

  /**
   * Most attributes repeat their value span after span (a method, a route, a host, a topic): their
   * encoded KeyValue is kept per key and copied. A key whose value keeps changing (a path, an
   * offset) stops being kept after a few misses, so it costs no copy per span.
   */
  private void remember(AttributeKey<?> key, Object value, EncodedAttribute kept, int sizeBefore) {
    if (kept == null) {
      if (encoded.size() < MAX_ENCODED_KEYS) {
        encoded.put(key, new EncodedAttribute(value, out.copySince(sizeBefore)));
      }
    } else if (kept.misses < EncodedAttribute.GIVE_UP_AFTER && ++kept.misses < EncodedAttribute.GIVE_UP_AFTER) {
      kept.value = value;
      kept.bytes = out.copySince(sizeBefore);
    }
  }

  private static final class EncodedAttribute {
    static final int GIVE_UP_AFTER = 16;
    Object value;
    byte[] bytes;
    int misses;

    EncodedAttribute(Object value, byte[] bytes) {
      this.value = value;
      this.bytes = bytes;
    }

    boolean holds(Object other) {
      return misses < GIVE_UP_AFTER && (value == other || value.equals(other));
    }
  }

  /** The fields of one AnyValue. */
  private void value(AttributeKey<?> key, Object value) {
    AttributeType type = key.getType();
    if (type == AttributeType.STRING) {
      out.stringValue(1, (String) value);
    } else if (type == AttributeType.LONG) {
      out.longValue(3, (Long) value);
    } else if (type == AttributeType.BOOLEAN) {
      out.boolValue(2, (Boolean) value);
    } else if (type == AttributeType.DOUBLE) {
      out.doubleValue(4, (Double) value);
    } else if (type == AttributeType.STRING_ARRAY || type == AttributeType.LONG_ARRAY
        || type == AttributeType.BOOLEAN_ARRAY || type == AttributeType.DOUBLE_ARRAY) {
      array((List<?>) value);
    } else {
      // a type newer than this encoder (a structured VALUE): its text, rather than nothing
      out.stringValue(1, String.valueOf(value));
    }
  }

  /** An ArrayValue of scalars. */
  private void array(List<?> elements) {
    int array = out.size();
    for (int i = elements.size() - 1; i >= 0; i--) {
      Object element = elements.get(i);
      int anyValue = out.size();
      if (element instanceof String) {
        out.stringValue(1, (String) element);
      } else if (element instanceof Boolean) {
        out.boolValue(2, (Boolean) element);
      } else if (element instanceof Long) {
        out.longValue(3, (Long) element);
      } else if (element instanceof Double) {
        out.doubleValue(4, (Double) element);
      } else if (element != null) {
        out.stringValue(1, String.valueOf(element));
      }
      out.endMessage(1, anyValue);
    }
    out.endMessage(5, array);
  }

  /** Attributes offer only forward iteration; they are copied here to be written back to front. */
  private static final class AttributeList implements BiConsumer<AttributeKey<?>, Object> {
    AttributeKey<?>[] keys = new AttributeKey<?>[32];
    Object[] values = new Object[32];
    int count;

    void fill(Attributes attributes) {
      count = 0;
      attributes.forEach(this);
    }

    @Override
    public void accept(AttributeKey<?> key, Object value) {
      if (count == keys.length) {
        keys = java.util.Arrays.copyOf(keys, count * 2);
        values = java.util.Arrays.copyOf(values, count * 2);
      }
      keys[count] = key;
      values[count] = value;
      count++;
    }

    void clear() {
      java.util.Arrays.fill(keys, 0, count, null);
      java.util.Arrays.fill(values, 0, count, null);
      count = 0;
    }
  }
}
