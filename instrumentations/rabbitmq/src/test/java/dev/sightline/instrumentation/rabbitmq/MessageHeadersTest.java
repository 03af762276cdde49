package dev.sightline.instrumentation.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageHeadersTest {

  private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  @Test
  void readsStringLongStringAndBytes() {
    Map<String, Object> headers = new HashMap<>();
    headers.put("a", TRACEPARENT);
    headers.put("b", LongStringHelper.asLongString(TRACEPARENT));
    headers.put("c", TRACEPARENT.getBytes(StandardCharsets.UTF_8));
    headers.put("d", 42);
    assertEquals(TRACEPARENT, MessageHeaders.GETTER.get(headers, "a"));
    assertEquals(TRACEPARENT, MessageHeaders.GETTER.get(headers, "b"));
    assertEquals(TRACEPARENT, MessageHeaders.GETTER.get(headers, "c"));
    assertNull(MessageHeaders.GETTER.get(headers, "d"));
    assertNull(MessageHeaders.GETTER.get(headers, "missing"));
    assertNull(MessageHeaders.GETTER.get(null, "a"));
  }

  @Test
  void keepsEveryPropertyTheApplicationSet() {
    Map<String, Object> appHeaders = new HashMap<>();
    appHeaders.put("x-app", "amqp-app");
    Date timestamp = new Date(1_700_000_000_000L);
    AMQP.BasicProperties original =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .contentEncoding("utf-8")
            .deliveryMode(2)
            .priority(5)
            .correlationId("corr-1")
            .replyTo("replies")
            .expiration("60000")
            .messageId("m-1")
            .timestamp(timestamp)
            .type("order")
            .userId("guest")
            .appId("amqp-app")
            .headers(appHeaders)
            .build();

    AMQP.BasicProperties copy = MessageHeaders.withHeaders(original, Map.of("traceparent", TRACEPARENT));

    assertEquals("application/json", copy.getContentType());
    assertEquals("utf-8", copy.getContentEncoding());
    assertEquals(2, copy.getDeliveryMode());
    assertEquals(5, copy.getPriority());
    assertEquals("corr-1", copy.getCorrelationId());
    assertEquals("replies", copy.getReplyTo());
    assertEquals("60000", copy.getExpiration());
    assertEquals("m-1", copy.getMessageId());
    assertEquals(timestamp, copy.getTimestamp());
    assertEquals("order", copy.getType());
    assertEquals("guest", copy.getUserId());
    assertEquals("amqp-app", copy.getAppId());
    assertEquals("amqp-app", copy.getHeaders().get("x-app"));
    assertEquals(TRACEPARENT, copy.getHeaders().get("traceparent"));
    assertEquals(1, original.getHeaders().size(), "the application's map is not modified");
  }

  @Test
  void createsPropertiesAndHeadersWhenAbsent() {
    AMQP.BasicProperties fromNull = MessageHeaders.withHeaders(null, Map.of("traceparent", TRACEPARENT));
    assertEquals(TRACEPARENT, fromNull.getHeaders().get("traceparent"));

    AMQP.BasicProperties noHeaders = new AMQP.BasicProperties.Builder().contentType("text/plain").build();
    AMQP.BasicProperties copy = MessageHeaders.withHeaders(noHeaders, Map.of("traceparent", TRACEPARENT));
    assertEquals("text/plain", copy.getContentType());
    assertEquals(TRACEPARENT, copy.getHeaders().get("traceparent"));
  }

  @Test
  void immutableApplicationHeadersAreCopied() {
    Map<String, Object> immutable = Map.of("x-app", "amqp-app");
    AMQP.BasicProperties original = new AMQP.BasicProperties.Builder().headers(immutable).build();
    AMQP.BasicProperties copy = MessageHeaders.withHeaders(original, Map.of("traceparent", TRACEPARENT));
    assertEquals("amqp-app", copy.getHeaders().get("x-app"));
    assertEquals(1, original.getHeaders().size());
  }
}
