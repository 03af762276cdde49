package dev.sightline.apps.logs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.ThreadContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A service with no tracing code that logs the way services do, through SLF4J (on Logback) and
 * through the Log4j 2 API, both patterns naming {@code %X{trace_id}}. {@code GET /work?id=N} logs
 * in the request, hands a task to a one-thread pool that logs too, and answers when it is done;
 * a ticker logs every 50 ms outside any request, and has the same pool log between requests, so a
 * context left on a pooled thread would show.
 */
public final class LogsApp {

  private static final Logger SLF4J = LoggerFactory.getLogger("logs-app");
  private static final org.apache.logging.log4j.Logger LOG4J = LogManager.getLogger("logs-app");

  private LogsApp() {}

  public static void main(String[] args) throws Exception {
    int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 8080;
    ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "logs-pool"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/work", exchange -> work(exchange, pool));
    server.setExecutor(Executors.newFixedThreadPool(2, task -> new Thread(task, "logs-http")));
    server.start();
    System.out.println("logs-app libraries: " + jarOf(LoggerFactory.class) + " " + jarOf(ch.qos.logback.classic.LoggerContext.class)
        + " " + jarOf(LogManager.class) + " " + jarOf(org.apache.logging.log4j.core.LoggerContext.class));
    both("started");
    Thread ticker = new Thread(() -> tick(pool), "logs-ticker");
    ticker.setDaemon(true);
    ticker.start();
    System.out.println("logs-app listening on port " + server.getAddress().getPort());
  }

  private static void work(HttpExchange exchange, ExecutorService pool) throws IOException {
    String query = exchange.getRequestURI().getQuery();
    String id = query != null && query.startsWith("id=") ? query.substring(3) : "?";
    // The application's own keys: they stay next to the agent's, and are the application's to remove.
    MDC.put("user", "ada");
    ThreadContext.put("user", "ada");
    try {
      both("request id=" + id);
      pool.submit(() -> both("pool id=" + id)).get(10, TimeUnit.SECONDS);
      byte[] body = ("done " + id + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (Exception e) {
      exchange.sendResponseHeaders(500, -1);
    } finally {
      MDC.remove("user");
      ThreadContext.remove("user");
      exchange.close();
    }
  }

  private static void tick(ExecutorService pool) {
    for (long n = 0; ; n++) {
      both("tick " + n);
      long tick = n;
      pool.execute(() -> both("pool-tick " + tick));
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String jarOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation().getPath();
  }

  private static void both(String message) {
    SLF4J.info(message);
    LOG4J.info(message);
  }
}
