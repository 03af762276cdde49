package dev.sightline.testing;

import com.google.protobuf.MessageLite;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP (protobuf) collector stand-in that keeps every exported span in memory.
 *
 * <p>Listens on 127.0.0.1 with an ephemeral port. Traces are decoded and stored; metrics and logs
 * are acknowledged and counted only. {@link #respondWith(int)} and {@link #delayResponses(Duration)}
 * turn it into a failing or slow collector.
 */
public final class OtlpReceiver implements AutoCloseable {

  public static final String TRACES_PATH = "/v1/traces";
  public static final String METRICS_PATH = "/v1/metrics";
  public static final String LOGS_PATH = "/v1/logs";

  private static final String PROTOBUF = "application/x-protobuf";
  private static final Duration POLL_INTERVAL = Duration.ofMillis(25);

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<ReceivedSpan> spans = Collections.synchronizedList(new ArrayList<>());
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
  private volatile int responseStatus = 200;
  private volatile Duration responseDelay = Duration.ZERO;
  private volatile boolean abortRequests;

  private OtlpReceiver(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static OtlpReceiver start() {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot bind the OTLP receiver", e);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(4, task -> {
      Thread thread = new Thread(task, "otlp-receiver-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    OtlpReceiver receiver = new OtlpReceiver(server, executor);
    server.createContext(TRACES_PATH,
        exchange -> receiver.handle(exchange, ExportTraceServiceResponse.getDefaultInstance()));
    server.createContext(METRICS_PATH,
        exchange -> receiver.handle(exchange, ExportMetricsServiceResponse.getDefaultInstance()));
    server.createContext(LOGS_PATH,
        exchange -> receiver.handle(exchange, ExportLogsServiceResponse.getDefaultInstance()));
    server.setExecutor(executor);
    server.start();
    return receiver;
  }

  /** Base URL for {@code otel.exporter.otlp.endpoint}, e.g. {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** A snapshot of all spans received so far, in arrival order. */
  public List<ReceivedSpan> spans() {
    synchronized (spans) {
      return List.copyOf(spans);
    }
  }

  /** The spans of one trace, ordered by start time. */
  public List<ReceivedSpan> trace(String traceId) {
    return spans().stream()
        .filter(span -> span.traceId().equals(traceId))
        .sorted(Comparator.comparingLong(ReceivedSpan::startNanos))
        .collect(Collectors.toList());
  }

  /** Waits for a span matching {@code condition} and returns the first one. */
  public ReceivedSpan awaitSpan(Predicate<ReceivedSpan> condition, Duration timeout) {
    List<ReceivedSpan> matching =
        awaitSpans(all -> all.stream().anyMatch(condition), timeout, "No matching span");
    return matching.stream().filter(condition).findFirst().orElseThrow();
  }

  /** Waits until {@code condition} holds for the list of all received spans and returns that list. */
  public List<ReceivedSpan> awaitSpans(Predicate<List<ReceivedSpan>> condition, Duration timeout) {
    return awaitSpans(condition, timeout, "Span condition not met");
  }

  private List<ReceivedSpan> awaitSpans(
      Predicate<List<ReceivedSpan>> condition, Duration timeout, String failure) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ReceivedSpan> snapshot = spans();
      if (condition.test(snapshot)) {
        return snapshot;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError(failure + " within " + timeout + ". " + describe(snapshot));
      }
      sleep(POLL_INTERVAL);
    }
  }

  private String describe(List<ReceivedSpan> snapshot) {
    StringBuilder out = new StringBuilder()
        .append("Received ").append(snapshot.size()).append(" span(s) in ")
        .append(exportRequests()).append(" trace export request(s): ")
        .append(snapshot.stream()
            .map(span -> span.name() + " (" + span.kind() + ")")
            .collect(Collectors.toList()));
    List<String> seenProblems = problems();
    if (!seenProblems.isEmpty()) {
      out.append(". Rejected requests: ").append(seenProblems);
    }
    return out.toString();
  }

  /** Forgets all spans, problems and request counts. */
  /**
   * Those of {@code spans} that are not the only span of their own trace (a parent, or company),
   * each described with its trace: work started with no context must be a trace of its own.
   */
  public List<String> notAloneInTheirTrace(List<ReceivedSpan> spans) {
    List<String> wrong = new ArrayList<>();
    for (ReceivedSpan span : spans) {
      List<ReceivedSpan> trace = trace(span.traceId());
      if (!span.isRoot() || trace.size() != 1) {
        wrong.add(span + "\n    in a trace of " + trace.size() + ":\n  " + ReceivedSpan.describe(trace));
      }
    }
    return wrong;
  }

  public void clear() {
    spans.clear();
    problems.clear();
    requestCounts.clear();
  }

  /** Requests received on {@code /v1/traces}, including those answered with a failure status. */
  public int exportRequests() {
    return requestCount(TRACES_PATH);
  }

  /** Requests received on one path, e.g. {@link #METRICS_PATH}. */
  public int requestCount(String path) {
    AtomicInteger count = requestCounts.get(path);
    return count == null ? 0 : count.get();
  }

  /** Why requests were rejected (bad content type, undecodable body), for diagnosing exporters. */
  public List<String> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  /** Answers every request with this status; a non-200 status also discards what was sent. */
  public void respondWith(int httpStatus) {
    this.responseStatus = httpStatus;
  }

  /** Holds every response back this long, to play a slow collector. */
  /** While true, every request is read and its connection closed with no answer. */
  public void abortRequests(boolean abort) {
    this.abortRequests = abort;
  }

  public void delayResponses(Duration delay) {
    this.responseDelay = delay;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange, MessageLite okResponse) throws IOException {
    try (exchange) {
      String path = exchange.getHttpContext().getPath();
      requestCounts.computeIfAbsent(path, key -> new AtomicInteger()).incrementAndGet();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!responseDelay.isZero()) {
        sleep(responseDelay);
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, new byte[0]);
        return;
      }
      if (abortRequests) {
        // No answer at all: the connection is closed under the request, as a crashing collector does.
        return;
      }
      int status = responseStatus;
      if (status != 200) {
        if (status == 429 || status == 503) {
          exchange.getResponseHeaders().set("Retry-After", "1");
        }
        respond(exchange, status, new byte[0]);
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim();
      if (!PROTOBUF.equalsIgnoreCase(mediaType)) {
        reject(exchange, 415, path + ": unsupported Content-Type " + contentType);
        return;
      }
      String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      boolean gzip = "gzip".equalsIgnoreCase(encoding);
      if (!gzip && encoding != null && !"identity".equalsIgnoreCase(encoding)) {
        reject(exchange, 415, path + ": unsupported Content-Encoding " + encoding);
        return;
      }
      if (TRACES_PATH.equals(path)) {
        try {
          byte[] payload = gzip ? gunzip(body) : body;
          spans.addAll(OtlpSpanDecoder.decode(ExportTraceServiceRequest.parseFrom(payload)));
        } catch (IOException e) {
          reject(exchange, 400, path + ": undecodable body: " + e);
          return;
        }
      }
      respond(exchange, 200, okResponse.toByteArray());
    }
  }

  private static byte[] gunzip(byte[] bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  private void reject(HttpExchange exchange, int status, String problem) throws IOException {
    problems.add(problem);
    respond(exchange, status, new byte[0]);
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
    // -1 tells the JDK server "no body" (Content-Length: 0); 0 would mean chunked.
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting", e);
    }
  }
}
