package dev.sightline.apps.otelapi;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.context.Context;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service with no code of the agent's that traces and measures itself through the OpenTelemetry
 * API it bundles, from {@link GlobalOpenTelemetry} as services written for any OpenTelemetry agent
 * do; with no agent every call is a no-op. Routes are in {@link Routes}.
 */
public final class OtelApiApp {

  static final String DATABASE = "jdbc:h2:mem:otelapi;DB_CLOSE_DELAY=-1";

  private OtelApiApp() {}

  public static void main(String[] args) throws Exception {
    int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 8080;
    OrderDb db = OrderDb.create(DATABASE);
    OrderMetrics metrics = new OrderMetrics(GlobalOpenTelemetry.getMeter("otel-api-app"));
    ExecutorService tasks = Context.taskWrapping(Executors.newFixedThreadPool(2, named("otel-api-task")));
    // HTTP/1.1: the app calls its own JDK server, which speaks nothing else.
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    URI self = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    new Routes(GlobalOpenTelemetry.getTracer("otel-api-app", "1.0.0"), db, metrics, tasks, client, self).mount(server);
    // More than one thread: /baggage waits on its own call to /echo.
    server.setExecutor(Executors.newFixedThreadPool(4, named("otel-api-http")));
    server.start();
    // Which API jar the app really runs on, for the test that swaps in an older one.
    System.out.println("otel-api-app api: "
        + GlobalOpenTelemetry.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    System.out.println("otel-api-app listening on port " + server.getAddress().getPort());
  }

  static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> new Thread(task, prefix + "-" + count.incrementAndGet());
  }
}
