package dev.sightline.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** A one-second smoke run against an in-process JDK server: the only benchmark code the build runs. */
class LoadGeneratorTest {

  static {
    // As http-app does: otherwise Nagle and delayed ACKs make every keep-alive answer take 40 ms.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  @Test
  void measuresKeepAliveRequestsInTheWindowOnly() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    Set<String> paths = ConcurrentHashMap.newKeySet();
    server.createContext("/", exchange -> {
      paths.add(exchange.getRequestURI().getPath());
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200,
          body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    try {
      LoadGenerator generator = new LoadGenerator(server.getAddress().getPort(), 2, 0.3, 0.7,
          LoadGenerator.expandMix("/hello:2,/api/orders/{id}:1"));
      boolean[] measuring = {false};
      LoadResult result = generator.run(() -> measuring[0] = true);

      assertTrue(measuring[0]);
      assertTrue(result.requests() > 10, result.toJson());
      assertEquals(0, result.errors(), result.toJson());
      assertEquals(0.7, result.seconds(), 1e-9);
      assertEquals(result.requests() / 0.7, result.throughput(), 1e-6);
      assertTrue(result.p50Millis() > 0 && result.p50Millis() <= result.p99Millis()
          && result.p99Millis() <= result.maxMillis(), result.toJson());
      assertTrue(paths.contains("/hello"));
      assertTrue(paths.stream().anyMatch(path -> path.matches("/api/orders/[0-9]+")), paths::toString);
      LoadResult parsed = LoadResult.fromJson(result.toJson());
      assertEquals(result.requests(), parsed.requests());
      assertEquals(result.p99Millis(), parsed.p99Millis(), 1e-3);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void expandsWeightedMixes() {
    assertEquals(List.of("/a", "/a", "/b"), LoadGenerator.expandMix("/a:2, /b"));
  }

  @Test
  void keepsJsonBodiesOfPostEntriesWhole() {
    assertEquals(List.of("POST /orders {\"product\":\"pen\",\"quantity\":3}",
            "POST /orders {\"product\":\"pen\",\"quantity\":3}", "POST /orders {\"a\":1}", "/hello"),
        LoadGenerator.expandMix(
            "POST /orders {\"product\":\"pen\",\"quantity\":3}:2,POST /orders {\"a\":1},/hello:1"));
  }

  @Test
  void postsBodiesAndCountsAny2xxAsSuccess() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    Set<String> bodies = ConcurrentHashMap.newKeySet();
    server.createContext("/orders", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      bodies.add(exchange.getRequestMethod() + " " + body);
      exchange.sendResponseHeaders(201, -1);
      exchange.close();
    });
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    try {
      LoadGenerator generator = new LoadGenerator(server.getAddress().getPort(), 2, 0.2, 0.5,
          LoadGenerator.expandMix("POST /orders {\"product\":\"böok\",\"quantity\":2}:1"));
      LoadResult result = generator.run(() -> { });

      assertTrue(result.requests() > 5, result.toJson());
      assertEquals(0, result.errors(), result.toJson());
      assertEquals(Set.of("POST {\"product\":\"böok\",\"quantity\":2}"), bodies);
    } finally {
      server.stop(0);
    }
  }
}
