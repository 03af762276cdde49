package dev.sightline.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the encoder writes of a span, the decoder reads back, field for field. */
class OtlpSpanDecoderTest {

  @Test
  void everyKindOfSpanComesBackAsItWasEncoded() {
    OtlpTraceEncoder encoder = new OtlpTraceEncoder(16);
    List<SpanData> spans = OtlpTraceEncoderTest.spans();
    for (int round = 0; round < 2; round++) { // the second time from the encoder's kept attribute encodings
      for (SpanData span : spans) {
        SpanData decoded = OtlpSpanDecoder.decode(encoder.encodeSpan(span), span.getResource(), span.getInstrumentationScopeInfo());
        String what = span.getName();
        assertEquals(span.getName(), decoded.getName(), what);
        assertEquals(span.getKind(), decoded.getKind(), what);
        assertEquals(span.getSpanContext(), decoded.getSpanContext(), what);
        assertEquals(span.getParentSpanContext().isValid(), decoded.getParentSpanContext().isValid(), what);
        assertEquals(span.getParentSpanContext().isRemote(), decoded.getParentSpanContext().isRemote(), what);
        assertEquals(span.getParentSpanId(), decoded.getParentSpanId(), what);
        assertEquals(span.getStartEpochNanos(), decoded.getStartEpochNanos(), what);
        assertEquals(span.getEndEpochNanos(), decoded.getEndEpochNanos(), what);
        assertEquals(span.getAttributes().asMap(), decoded.getAttributes().asMap(), what);
        assertEquals(span.getTotalAttributeCount(), decoded.getTotalAttributeCount(), what);
        assertEquals(span.getStatus(), decoded.getStatus(), what);
        assertEquals(span.getResource(), decoded.getResource(), what);
        assertEquals(span.getInstrumentationScopeInfo(), decoded.getInstrumentationScopeInfo(), what);
        assertEquals(span.getTotalRecordedEvents(), decoded.getTotalRecordedEvents(), what);
        assertEquals(span.getEvents().size(), decoded.getEvents().size(), what);
        for (int i = 0; i < span.getEvents().size(); i++) {
          EventData expected = span.getEvents().get(i);
          EventData actual = decoded.getEvents().get(i);
          assertEquals(expected.getName(), actual.getName(), what);
          assertEquals(expected.getEpochNanos(), actual.getEpochNanos(), what);
          assertEquals(expected.getAttributes().asMap(), actual.getAttributes().asMap(), what);
          assertEquals(expected.getTotalAttributeCount(), actual.getTotalAttributeCount(), what);
        }
        assertEquals(span.getTotalRecordedLinks(), decoded.getTotalRecordedLinks(), what);
        assertEquals(span.getLinks().size(), decoded.getLinks().size(), what);
        for (int i = 0; i < span.getLinks().size(); i++) {
          LinkData expected = span.getLinks().get(i);
          LinkData actual = decoded.getLinks().get(i);
          assertEquals(expected.getSpanContext(), actual.getSpanContext(), what);
          assertEquals(expected.getAttributes().asMap(), actual.getAttributes().asMap(), what);
          assertEquals(expected.getTotalAttributeCount(), actual.getTotalAttributeCount(), what);
        }
      }
    }
  }
}
