package dev.sightline.instrumentation.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class RecordHeadersCarrierTest {

  @Test
  void headersTheApplicationMadeReadOnlyAreLeftAsTheyWereWithoutAnException() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8));
    headers.setReadOnly();
    RecordHeadersCarrier.INSTANCE.set(headers, "traceparent", "00-11111111111111111111111111111111-2222222222222222-01");
    assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        RecordHeadersCarrier.INSTANCE.get(headers, "traceparent"));
  }

  @Test
  void theLastOfDuplicatedHeadersWinsAndBinaryOrEmptyValuesAreReadSafely() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("traceparent", "first".getBytes(StandardCharsets.UTF_8));
    headers.add("traceparent", "second".getBytes(StandardCharsets.UTF_8));
    headers.add("baggage", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    headers.add("tracestate", null);
    assertEquals("second", RecordHeadersCarrier.INSTANCE.get(headers, "traceparent"));
    assertEquals(4, RecordHeadersCarrier.INSTANCE.get(headers, "baggage").length());
    assertNull(RecordHeadersCarrier.INSTANCE.get(headers, "tracestate"));
    assertEquals(List.of("traceparent", "traceparent", "baggage", "tracestate"), RecordHeadersCarrier.INSTANCE.keys(headers));
  }
}
