package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Trace headers a careless or hostile caller sends, each on a request of its own over a raw
 * socket: 64 KB and malformed {@code traceparent}s, a duplicated one, a 64 KB {@code tracestate},
 * a 64 KB {@code baggage} of 1,000 members and bytes that are not text. The application answers
 * every one; each bad parent starts a new trace (a good parent with a bad {@code tracestate} is
 * kept); and the agent says what it ignored once, not once per request.
 */
class HostileHeadersTest {

  private static final String PARENT = "0af7651916cd43dd8448eb211c80319c";
  private static final String VALID = "00-" + PARENT + "-b7ad6b7169203331-01";

  @Test
  void hostileTraceHeadersAreAnsweredIgnoredAndSaidOnce() {
    Map<String, String> badParents = new LinkedHashMap<>();
    badParents.put("64k", "traceparent: 00-" + "a".repeat(64 * 1024) + "-b7ad6b7169203331-01");
    badParents.put("hex", "traceparent: 00-zzzz651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    badParents.put("zeros", "traceparent: 00-00000000000000000000000000000000-b7ad6b7169203331-01");
    badParents.put("version", "traceparent: ff-" + PARENT + "-b7ad6b7169203331-01");
    badParents.put("short", "traceparent: 00-" + PARENT + "-b7ad6b71-01");
    badParents.put("binary", "traceparent: \u00ff\u00fe\u0080" + VALID);
    String baggage = IntStream.range(0, 1000).mapToObj(i -> "k" + i + "=" + "v".repeat(60)).collect(Collectors.joining(","));
    try (OtlpReceiver receiver = OtlpReceiver.start();
        RunningApp running = RunningApp.start(app("hostile-headers", receiver))) {
      badParents.forEach((name, header) -> assertEquals(200, status(running.port, "/hello?bad=" + name, header), name));
      assertEquals(200, status(running.port, "/hello?bad=twice", "traceparent: " + VALID,
          "traceparent: 00-11111111111111111111111111111111-2222222222222222-01"));
      assertEquals(200, status(running.port, "/hello?good=state", "traceparent: " + VALID,
          "tracestate: k=" + "v".repeat(64 * 1024)));
      assertEquals(200, status(running.port, "/chain?bad=baggage", "baggage: " + baggage));
      for (int i = 0; i < 20; i++) {
        assertEquals(200, status(running.port, "/hello?again=" + i, badParents.get("64k"), "baggage: " + baggage));
      }

      for (String name : badParents.keySet()) {
        ReceivedSpan span = receiver.awaitSpan(s -> ("bad=" + name).equals(s.attr("url.query")), RunningApp.PATIENCE);
        assertTrue(span.isRoot() && !span.traceId().equals(PARENT), name + " starts a new trace: " + span);
      }
      ReceivedSpan kept = receiver.awaitSpan(s -> "good=state".equals(s.attr("url.query")), RunningApp.PATIENCE);
      assertEquals(PARENT, kept.traceId(), "a good parent with an oversized tracestate is kept");
      receiver.awaitSpan(s -> "bad=twice".equals(s.attr("url.query")), RunningApp.PATIENCE);
      receiver.awaitSpan(s -> "bad=baggage".equals(s.attr("url.query")), RunningApp.PATIENCE);

      List<String> warnings = running.agentLines("WARN");
      assertEquals(3, warnings.size(), () -> "one line per kind of bad input: " + warnings);
      assertTrue(warnings.stream().anyMatch(line -> line.contains("traceparent header of 65") && line.contains("ignored")), warnings::toString);
      assertTrue(warnings.stream().anyMatch(line -> line.contains("tracestate header of 65")), warnings::toString);
      assertTrue(warnings.stream().anyMatch(line -> line.contains("baggage beyond the W3C limits")), warnings::toString);
      assertEquals(0.0, running.metrics().sum("sightline_instrumentation_errors_total"));
    }
  }

  /** A GET over a raw socket with these header lines, exactly as given; the answer's status. */
  private static int status(int port, String path, String... headerLines) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
      for (String line : headerLines) {
        request.append(line).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
      in.readAllBytes();
      return head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
