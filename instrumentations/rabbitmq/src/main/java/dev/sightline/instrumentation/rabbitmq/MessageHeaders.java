package dev.sightline.instrumentation.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Trace context in AMQP message headers. Values arrive as the client decodes them ({@code
 * LongString} from the wire, {@code String} or {@code byte[]} from an in-process publisher);
 * anything else is not a propagation header and reads as absent.
 */
final class MessageHeaders {

  static final TextMapGetter<Map<String, Object>> GETTER =
      new TextMapGetter<Map<String, Object>>() {
        @Override
        public Iterable<String> keys(Map<String, Object> headers) {
          return headers == null ? Collections.<String>emptySet() : headers.keySet();
        }

        @Override
        public String get(Map<String, Object> headers, String key) {
          return headers == null || key == null ? null : text(headers.get(key));
        }
      };

  static final TextMapSetter<Map<String, Object>> SETTER =
      (headers, key, value) -> {
        if (headers != null) {
          headers.put(key, value);
        }
      };

  private MessageHeaders() {}

  static String text(Object value) {
    if (value instanceof String) {
      return (String) value;
    }
    if (value instanceof LongString) {
      return new String(((LongString) value).getBytes(), StandardCharsets.UTF_8);
    }
    if (value instanceof byte[]) {
      return new String((byte[]) value, StandardCharsets.UTF_8);
    }
    return null;
  }

  static Map<String, Object> of(AMQP.BasicProperties properties) {
    return properties == null ? null : properties.getHeaders();
  }

  /**
   * Properties are immutable: a copy with every property the application set, and its headers
   * plus {@code injected}. Absent properties or headers are created.
   */
  static AMQP.BasicProperties withHeaders(AMQP.BasicProperties properties, Map<String, Object> injected) {
    Map<String, Object> original = of(properties);
    Map<String, Object> headers = original == null ? new HashMap<>() : new HashMap<>(original);
    headers.putAll(injected);
    AMQP.BasicProperties.Builder builder =
        properties == null ? new AMQP.BasicProperties.Builder() : properties.builder();
    return builder.headers(headers).build();
  }
}
