package dev.sightline.benchmark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A collector stand-in that answers every OTLP/HTTP export with 200 and throws the payload away,
 * counting requests, bytes and spans. Unlike the test harness's receiver it decodes nothing but
 * the protobuf framing it needs to count spans, so under load it takes as little CPU as possible
 * away from the application being measured.
 */
final class DiscardingOtlpReceiver implements AutoCloseable {

  static {
    // Read once per JVM when the JDK server's configuration loads: without it, Nagle's algorithm
    // and delayed ACKs can hold small answers back by 40 ms.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicLong traceRequests = new AtomicLong();
  private final AtomicLong traceBytes = new AtomicLong();
  private final AtomicLong traceSpans = new AtomicLong();
  private final AtomicLong otherRequests = new AtomicLong();

  DiscardingOtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    executor = Executors.newFixedThreadPool(2, task -> {
      Thread thread = new Thread(task, "otlp-receiver");
      thread.setDaemon(true);
      return thread;
    });
    server.createContext("/v1/traces", exchange -> answer(exchange, true));
    server.createContext("/", exchange -> answer(exchange, false));
    server.setExecutor(executor);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  long traceRequests() {
    return traceRequests.get();
  }

  long traceBytes() {
    return traceBytes.get();
  }

  long traceSpans() {
    return traceSpans.get();
  }

  long otherRequests() {
    return otherRequests.get();
  }

  private void answer(HttpExchange exchange, boolean traces) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (traces) {
        traceRequests.incrementAndGet();
        traceBytes.addAndGet(body.length);
        traceSpans.addAndGet(OtlpSpanCount.of(body, exchange.getRequestHeaders().getFirst("Content-Encoding")));
      } else {
        otherRequests.incrementAndGet();
      }
      // An empty body is a valid, empty Export*ServiceResponse: full success.
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
