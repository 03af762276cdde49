package dev.sightline.instrumentation.kafka;

import dev.sightline.bootstrap.AgentLog;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Trace headers on Kafka records: UTF-8 values, the last header of a name wins. */
enum RecordHeadersCarrier implements TextMapGetter<Headers>, TextMapSetter<Headers> {
  INSTANCE;

  @Override
  public Iterable<String> keys(Headers headers) {
    if (headers == null) {
      return Collections.emptyList();
    }
    List<String> keys = new ArrayList<>();
    for (Header header : headers) {
      keys.add(header.key());
    }
    return keys;
  }

  @Override
  public String get(Headers headers, String key) {
    if (headers == null || key == null) {
      return null;
    }
    Header header = headers.lastHeader(key);
    byte[] value = header == null ? null : header.value();
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  /** Replaces the header; a record already sent has read-only headers, which is no error. */
  @Override
  public void set(Headers headers, String key, String value) {
    if (headers == null || key == null || value == null) {
      return;
    }
    try {
      headers.remove(key);
      headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalStateException e) {
      AgentLog.warnOnce(
          "kafka-readonly-headers",
          "a Kafka record was sent again with read-only headers; its trace headers are left as they were",
          null);
    }
  }
}
