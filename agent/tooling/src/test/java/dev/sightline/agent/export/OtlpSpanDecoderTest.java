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
        OtlpSpanDecoder.DecodedSpan decoded = OtlpSpanDecoder.decode(encoder.encodeSpan(span));
        String what = span.getName();
        assertEquals(span.getName(), decoded.name, what);
        assertEquals(span.getKind(), decoded.kind, what);
        assertEquals(span.getSpanContext(), decoded.context, what);
        assertEquals(span.getParentSpanContext().isValid(), decoded.parent.isValid(), what);
        assertEquals(span.getParentSpanContext().isRemote(), decoded.parent.isRemote(), what);
        assertEquals(span.getParentSpanId(), decoded.parent.getSpanId(), what);
        assertEquals(span.getStartEpochNanos(), decoded.start, what);
        assertEquals(span.getEndEpochNanos(), decoded.end, what);
        assertEquals(span.getAttributes().asMap(), decoded.attributes.asMap(), what);
        assertEquals(span.getTotalAttributeCount(), decoded.attributes.size() + decoded.droppedAttributes, what);
        assertEquals(span.getStatus(), decoded.status, what);
        assertEquals(span.getTotalRecordedEvents(), decoded.events.size() + decoded.droppedEvents, what);
        assertEquals(span.getEvents().size(), decoded.events.size(), what);
        for (int i = 0; i < span.getEvents().size(); i++) {
          EventData expected = span.getEvents().get(i);
          EventData actual = decoded.events.get(i);
          assertEquals(expected.getName(), actual.getName(), what);
          assertEquals(expected.getEpochNanos(), actual.getEpochNanos(), what);
          assertEquals(expected.getAttributes().asMap(), actual.getAttributes().asMap(), what);
          assertEquals(expected.getTotalAttributeCount(), actual.getTotalAttributeCount(), what);
        }
        assertEquals(span.getTotalRecordedLinks(), decoded.links.size() + decoded.droppedLinks, what);
        assertEquals(span.getLinks().size(), decoded.links.size(), what);
        for (int i = 0; i < span.getLinks().size(); i++) {
          LinkData expected = span.getLinks().get(i);
          LinkData actual = decoded.links.get(i);
          assertEquals(expected.getSpanContext(), actual.getSpanContext(), what);
          assertEquals(expected.getAttributes().asMap(), actual.getAttributes().asMap(), what);
          assertEquals(expected.getTotalAttributeCount(), actual.getTotalAttributeCount(), what);
        }
      }
    }
  }
}
