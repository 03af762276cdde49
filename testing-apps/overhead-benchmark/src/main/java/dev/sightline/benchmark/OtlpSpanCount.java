package dev.sightline.benchmark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * Counts the spans of an OTLP/HTTP protobuf trace export by walking only its framing:
 * ExportTraceServiceRequest.resource_spans (1) → ResourceSpans.scope_spans (2) →
 * ScopeSpans.spans (2). Everything else is skipped unread.
 */
final class OtlpSpanCount {

  private OtlpSpanCount() {}

  static long of(byte[] body, String contentEncoding) {
    byte[] bytes = body;
    if ("gzip".equalsIgnoreCase(contentEncoding)) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return count(bytes, 0, bytes.length, 0);
  }

  /** Depth 0: the request; 1: a ResourceSpans; 2: a ScopeSpans, whose field 2 entries are spans. */
  private static long count(byte[] bytes, int from, int to, int depth) {
    long spans = 0;
    int[] at = {from};
    while (at[0] < to) {
      long tag = varint(bytes, at);
      int field = (int) (tag >>> 3);
      int wireType = (int) (tag & 7);
      switch (wireType) {
        case 0 -> varint(bytes, at);
        case 1 -> at[0] += 8;
        case 5 -> at[0] += 4;
        case 2 -> {
          int length = (int) varint(bytes, at);
          int start = at[0];
          at[0] += length;
          boolean wanted = depth == 0 ? field == 1 : field == 2;
          if (wanted) {
            spans += depth == 2 ? 1 : count(bytes, start, start + length, depth + 1);
          }
        }
        default -> throw new IllegalArgumentException("not an OTLP protobuf message: wire type " + wireType);
      }
    }
    return spans;
  }

  private static long varint(byte[] bytes, int[] at) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = bytes[at[0]++];
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("varint longer than 10 bytes");
  }
}
