package dev.sightline.agent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent's exporter against a scripted collector on a real socket. */
class DirectOtlpSpanExporterTest {

  private final ExecutorService exportThreads = Executors.newCachedThreadPool(daemon());
  private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(daemon());
  private ScriptedCollector collector;

  @AfterEach
  void stop() throws IOException {
    exportThreads.shutdownNow();
    watchdog.shutdownNow();
    if (collector != null) {
      collector.close();
    }
  }

  @Test
  void batchesGoOverOneKeptAliveConnectionAsOtlpProtobuf() throws Exception {
    collector = new ScriptedCollector("200", "200", "200 chunked");
    DirectOtlpSpanExporter exporter = exporter(Map.of("Authorization", "Bearer abc"), false, 5_000, true);
    for (int i = 0; i < 3; i++) {
      assertTrue(join(exporter.export(spans(i + 1))).isSuccess());
    }
    assertEquals(1, collector.connections.get(), "one connection for all three");
    assertEquals(3, collector.requests.size());
    Request first = collector.requests.peek();
    assertTrue(first.head.startsWith("POST /v1/traces HTTP/1.1\r\n"), first.head);
    assertEquals("application/x-protobuf", first.header("content-type"));
    assertEquals("Bearer abc", first.header("authorization"));
    assertTrue(first.header("user-agent").startsWith("Sightline/"));
    assertEquals(1, ExportTraceServiceRequest.parseFrom(first.body).getResourceSpans(0).getScopeSpans(0).getSpansCount());
    exporter.shutdown().join(5, TimeUnit.SECONDS);
  }

  @Test
  void gzipIsSaidAndDone() throws Exception {
    collector = new ScriptedCollector("200");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Encoding", "gzip");
    DirectOtlpSpanExporter exporter = exporter(headers, true, 5_000, true);
    assertTrue(join(exporter.export(spans(5))).isSuccess());
    Request request = collector.requests.peek();
    assertEquals("gzip", request.header("content-encoding"));
    byte[] plain = new GZIPInputStream(new ByteArrayInputStream(request.body)).readAllBytes();
    assertEquals(5, ExportTraceServiceRequest.parseFrom(plain).getResourceSpans(0).getScopeSpans(0).getSpansCount());
  }

  @Test
  void busyAnswersAreRetriedAndTheBatchGetsThrough() throws Exception {
    collector = new ScriptedCollector("503 retry-after-0", "429 retry-after-0", "200");
    CompletableResultCode result = join(exporter(Map.of(), false, 5_000, true).export(spans(2)));
    assertTrue(result.isSuccess());
    assertEquals(3, collector.requests.size());
  }

  @Test
  void aRefusalIsNotRetriedAndSaysWhatTheCollectorAnswered() throws Exception {
    collector = new ScriptedCollector("400", "200");
    CompletableResultCode result = join(exporter(Map.of(), false, 5_000, true).export(spans(2)));
    assertFalse(result.isSuccess());
    assertTrue(result.getFailureThrowable() instanceof DirectOtlpSpanExporter.CollectorRefusal);
    assertEquals("the collector answered HTTP 400 Bad Request", result.getFailureThrowable().getMessage());
    assertEquals(1, collector.requests.size());
  }

  @Test
  void aConnectionTheCollectorClosedWhileIdleIsReplacedWithoutAFailure() throws Exception {
    collector = new ScriptedCollector("200 then-close-idle", "200", "200 http10");
    DirectOtlpSpanExporter exporter = exporter(Map.of(), false, 5_000, false);
    assertTrue(join(exporter.export(spans(1))).isSuccess());
    Thread.sleep(200); // the collector closes the idle connection
    assertTrue(join(exporter.export(spans(1))).isSuccess(), "no retry budget needed: retries are off");
    assertTrue(join(exporter.export(spans(1))).isSuccess(), "an HTTP/1.0 answer ended by close");
    assertTrue(join(exporter.export(spans(1))).isSuccess(), "and a new connection after it");
    assertEquals(3, collector.connections.get());
  }

  @Test
  void aCollectorThatNeverAnswersCostsOneTimeoutPerAttempt() throws Exception {
    collector = new ScriptedCollector("hang");
    long started = System.nanoTime();
    CompletableResultCode result = join(exporter(Map.of(), false, 300, false).export(spans(1)));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertFalse(result.isSuccess());
    assertTrue(millis >= 250 && millis < 3_000, millis + " ms");
  }

  @Test
  void aPostEndedByTheWatchdogIsATimeoutNotAStaleConnectionToSendAgain() throws Exception {
    collector = new ScriptedCollector("200", "hang");
    CollectorConnection connection = new CollectorConnection(
        URI.create("http://127.0.0.1:" + collector.port() + "/v1/traces"), Map.of(), "Sightline/test");
    byte[] request = framed(connection);
    assertEquals(200, connection.post(request, 0, request.length, 5_000).status);
    watchdog.schedule(connection::abort, 200, TimeUnit.MILLISECONDS);
    long started = System.nanoTime();
    IOException failure = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
        () -> connection.post(request, 0, request.length, 5_000));
    assertTrue(failure instanceof java.net.SocketTimeoutException, String.valueOf(failure));
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 3_000);
    assertEquals(2, collector.requests.size(), "sent once more on the kept-alive connection, never again on a new one");
  }

  private static byte[] framed(CollectorConnection connection) {
    ReverseProtoWriter request = new ReverseProtoWriter(64);
    connection.frame(request);
    return request.toByteArray();
  }

  @Test
  void anUnreachableCollectorFailsAndShutdownStopsTheRetries() throws Exception {
    DirectOtlpSpanExporter exporter = exporterToAClosedPort();
    CompletableResultCode result = exporter.export(spans(1));
    Thread.sleep(100);
    long started = System.nanoTime();
    exporter.shutdown().join(5, TimeUnit.SECONDS);
    result.join(5, TimeUnit.SECONDS);
    assertTrue(result.isDone() && !result.isSuccess());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 1_000, "shutdown cut the backoff short");
    assertTrue(result.getFailureThrowable() instanceof java.net.ConnectException, String.valueOf(result.getFailureThrowable()));
    assertFalse(exporter.export(spans(1)).isSuccess(), "nothing more after shutdown");
  }

  @Test
  void atExitACollectorNobodyListensForGetsOneAttemptAndABackoffUnderWayEnds() throws Exception {
    DirectOtlpSpanExporter exporter = exporterToAClosedPort();
    CompletableResultCode before = exporter.export(spans(1));
    Thread.sleep(100); // its first attempt is refused; a backoff of up to a second follows
    exporter.exiting();
    before.join(5, TimeUnit.SECONDS);
    assertTrue(before.isDone() && before.getFailureThrowable() instanceof java.net.ConnectException,
        "the backoff ended, the next attempt was refused and not retried: " + before.getFailureThrowable());
    CompletableResultCode last = exporter.export(spans(1));
    last.join(5, TimeUnit.SECONDS);
    assertTrue(last.isDone() && !last.isSuccess() && last.getFailureThrowable() instanceof java.net.ConnectException);
  }

  /** Retrying, with a 1 s timeout, toward a port nobody listens on. */
  private DirectOtlpSpanExporter exporterToAClosedPort() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    return new DirectOtlpSpanExporter(URI.create("http://127.0.0.1:" + closedPort + "/v1/traces"),
        Map.of(), false, 1_000, true, "Sightline/test", exportThreads, watchdog);
  }

  @Test
  void backoffGrowsWithJitterAndHonoursRetryAfterUpToItsCeiling() {
    for (int i = 0; i < 200; i++) {
      assertTrue(DirectOtlpSpanExporter.backoffMillis(1, -1) <= 1_000);
      assertTrue(DirectOtlpSpanExporter.backoffMillis(4, -1) <= 3_375);
      assertTrue(DirectOtlpSpanExporter.backoffMillis(9, -1) <= 5_000);
      assertTrue(DirectOtlpSpanExporter.backoffMillis(1, 3_000) >= 3_000);
      assertEquals(5_000, DirectOtlpSpanExporter.backoffMillis(1, 60_000));
    }
    assertTrue(DirectOtlpSpanExporter.retryable(503) && DirectOtlpSpanExporter.retryable(429));
    assertFalse(DirectOtlpSpanExporter.retryable(400) || DirectOtlpSpanExporter.retryable(500));
  }

  private DirectOtlpSpanExporter exporter(Map<String, String> headers, boolean gzip, int timeoutMillis, boolean retry) {
    return new DirectOtlpSpanExporter(URI.create("http://127.0.0.1:" + collector.port() + "/v1/traces"), headers, gzip,
        timeoutMillis, retry, "Sightline/test", exportThreads, watchdog);
  }

  private static CompletableResultCode join(CompletableResultCode result) {
    return result.join(20, TimeUnit.SECONDS);
  }

  private static List<SpanData> spans(int count) {
    List<SpanData> ended = Collections.synchronizedList(new ArrayList<>());
    SdkTracerProvider provider = SdkTracerProvider.builder().setResource(Resource.getDefault())
        .addSpanProcessor(new EndedSpans(ended)).build();
    for (int i = 0; i < count; i++) {
      provider.get("test").spanBuilder("GET /x").setSpanKind(SpanKind.SERVER).setAllAttributes(Attributes.empty())
          .startSpan().setStatus(StatusCode.UNSET).end();
    }
    provider.close();
    return ended;
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "test-export");
      thread.setDaemon(true);
      return thread;
    };
  }

  private static final class Request {
    final String head;
    final byte[] body;

    Request(String head, byte[] body) {
      this.head = head;
      this.body = body;
    }

    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  /** Answers each request with the next step of its script: a status, with how to answer it. */
  private static final class ScriptedCollector implements AutoCloseable {
    final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final ConcurrentLinkedQueue<String> script;
    private final Thread acceptor;

    ScriptedCollector(String... steps) throws IOException {
      script = new ConcurrentLinkedQueue<>(List.of(steps));
      acceptor = new Thread(this::accept, "scripted-collector");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          connections.incrementAndGet();
          Thread serving = new Thread(() -> serve(socket), "scripted-connection");
          serving.setDaemon(true);
          serving.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket socket) {
      try (socket) {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        while (true) {
          String head = head(in);
          if (head == null) {
            return;
          }
          int length = Integer.parseInt(new Request(head, null).header("content-length"));
          requests.add(new Request(head, in.readNBytes(length)));
          String step = script.poll();
          step = step == null ? "200" : step;
          if (step.equals("hang")) {
            Thread.sleep(60_000);
            return;
          }
          int status = Integer.parseInt(step.substring(0, 3));
          String reason = status == 200 ? "OK" : status == 400 ? "Bad Request" : status == 429 ? "Too Many Requests" : "Service Unavailable";
          String extra = step.contains("retry-after-0") ? "Retry-After: 0\r\n" : "";
          if (step.contains("http10")) {
            out.write(("HTTP/1.0 " + status + " " + reason + "\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1));
            return;
          }
          if (step.contains("chunked")) {
            out.write(("HTTP/1.1 " + status + " " + reason + "\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
          } else {
            out.write(("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 " + status + " " + reason + "\r\n" + extra
                + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1));
          }
          out.flush();
          if (step.contains("then-close-idle")) {
            Thread.sleep(100);
            return;
          }
        }
      } catch (IOException | InterruptedException | RuntimeException e) {
        // the test is over
      }
    }

    private static String head(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      int b;
      while ((b = in.read()) >= 0) {
        head.write(b);
        matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        if (matched == 4) {
          return head.toString(StandardCharsets.ISO_8859_1);
        }
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
