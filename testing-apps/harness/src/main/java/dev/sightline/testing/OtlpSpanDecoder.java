package dev.sightline.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns OTLP protobuf messages into {@link ReceivedSpan}s. */
final class OtlpSpanDecoder {

  private static final HexFormat HEX = HexFormat.of();

  private OtlpSpanDecoder() {}

  static List<ReceivedSpan> decode(ExportTraceServiceRequest request) {
    List<ReceivedSpan> spans = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Map<String, Object> resource = resourceAttributes(resourceSpans.getResource());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        String scopeName = scopeSpans.getScope().getName();
        for (Span span : scopeSpans.getSpansList()) {
          spans.add(decode(span, resource, scopeName));
        }
      }
    }
    return spans;
  }

  private static ReceivedSpan decode(Span span, Map<String, Object> resource, String scopeName) {
    List<ReceivedEvent> events = new ArrayList<>();
    for (Span.Event event : span.getEventsList()) {
      events.add(new ReceivedEvent(
          event.getName(), event.getTimeUnixNano(), attributes(event.getAttributesList())));
    }
    List<ReceivedLink> links = new ArrayList<>();
    for (Span.Link link : span.getLinksList()) {
      links.add(new ReceivedLink(
          hex(link.getTraceId()), hex(link.getSpanId()), attributes(link.getAttributesList())));
    }
    return new ReceivedSpan(
        hex(span.getTraceId()),
        hex(span.getSpanId()),
        hex(span.getParentSpanId()),
        span.getName(),
        withoutPrefix(span.getKind().name(), "SPAN_KIND_"),
        span.getStartTimeUnixNano(),
        span.getEndTimeUnixNano(),
        attributes(span.getAttributesList()),
        withoutPrefix(span.getStatus().getCode().name(), "STATUS_CODE_"),
        span.getStatus().getMessage(),
        events,
        links,
        resource,
        scopeName);
  }

  private static Map<String, Object> resourceAttributes(Resource resource) {
    return Collections.unmodifiableMap(attributes(resource.getAttributesList()));
  }

  static Map<String, Object> attributes(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue keyValue : keyValues) {
      map.put(keyValue.getKey(), value(keyValue.getValue()));
    }
    return map;
  }

  static Object value(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case BOOL_VALUE:
        return value.getBoolValue();
      case INT_VALUE:
        return value.getIntValue();
      case DOUBLE_VALUE:
        return value.getDoubleValue();
      case ARRAY_VALUE: {
        List<Object> list = new ArrayList<>();
        for (AnyValue element : value.getArrayValue().getValuesList()) {
          list.add(value(element));
        }
        return Collections.unmodifiableList(list);
      }
      case KVLIST_VALUE:
        return Collections.unmodifiableMap(attributes(value.getKvlistValue().getValuesList()));
      case BYTES_VALUE:
        // Hex rather than byte[] so that equals() and failure messages are meaningful.
        return hex(value.getBytesValue());
      case VALUE_NOT_SET:
      default:
        return null;
    }
  }

  private static String hex(ByteString bytes) {
    return HEX.formatHex(bytes.toByteArray());
  }

  private static String withoutPrefix(String enumName, String prefix) {
    return enumName.startsWith(prefix) ? enumName.substring(prefix.length()) : enumName;
  }
}
