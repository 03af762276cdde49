package dev.sightline.apps.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small JDK HttpServer service with no tracing code. Tests run it with and without the agent and
 * let instances call each other through {@code /chain}.
 */
public final class HttpApp {

  private HttpApp() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    // Read by the JDK server once, when its config class initialises; an agent must not pre-empt it.
    System.setProperty("sun.net.httpserver.nodelay", "true");

    AppOptions options;
    try {
      options = AppOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("http-app: " + e.getMessage());
      System.err.println(AppOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.customLogManager()) {
      System.setProperty("java.util.logging.manager", AppLogManager.class.getName());
    }

    HttpServer server = HttpServer.create(new InetSocketAddress(options.port()), 0);
    int port = server.getAddress().getPort();
    String downstream = options.downstream() != null
        ? options.downstream()
        : "http://127.0.0.1:" + port;
    DownstreamCaller caller = new DownstreamCaller(downstream);

    // One context per route: server spans are named after the context path.
    server.createContext("/hello", new Handlers.Hello());
    server.createContext("/api/orders", new Handlers.Orders());
    server.createContext("/chain", new Handlers.Chain(caller));
    server.createContext("/fail", new Handlers.Fail());
    server.createContext("/boom", new Handlers.Boom());
    server.createContext("/slow", new Handlers.Slow());
    server.createContext("/echo-headers", new Handlers.EchoHeaders());
    server.createContext("/jvm-state", new Handlers.JvmStateReport());
    server.setExecutor(workerPool());
    server.start();
    System.out.println("http-app listening on port " + port);
    System.out.flush();

    // Workers are daemons, so the main thread is what keeps the JVM up until it is terminated.
    new CountDownLatch(1).await();
  }

  private static ExecutorService workerPool() {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(8, task -> {
      Thread thread = new Thread(task, "http-app-worker-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }
}
