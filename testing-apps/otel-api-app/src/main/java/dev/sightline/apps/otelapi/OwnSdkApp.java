package dev.sightline.apps.otelapi;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.net.InetSocketAddress;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import java.util.concurrent.Executors;

/**
 * A service that brings what an agent also carries, in versions of its own: it installs its own
 * OpenTelemetry SDK as the global one before anything reads it (its own spans are its own to
 * export, whatever agent runs it), defines a class with its own ByteBuddy at start, and serves its
 * own Prometheus metrics with client_java's {@code HTTPServer} on a port of its own. {@code GET
 * /own} makes one span, counts itself, and answers how many spans the app's exporter has seen (a
 * simple processor exports at end, so the count already includes it) and its metrics port.
 */
public final class OwnSdkApp {

  private OwnSdkApp() {}

  public static void main(String[] args) throws Exception {
    int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 8080;
    CountingExporter exporter = new CountingExporter();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .build();
    GlobalOpenTelemetry.set(sdk);
    Class<?> made = new ByteBuddy().subclass(Object.class).name("dev.sightline.apps.otelapi.MadeByOwnByteBuddy").make()
        .load(OwnSdkApp.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER).getLoaded();
    System.out.println("own-sdk-app made " + made.getName() + " with ByteBuddy from "
        + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    Counter requests = Counter.builder().name("own_requests").help("Requests to /own").register();
    HTTPServer metrics = HTTPServer.builder().hostname("127.0.0.1").port(0).buildAndStart();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    Route.mount(server, "/own", exchange -> {
      requests.inc();
      Span own = GlobalOpenTelemetry.getTracer("own").spanBuilder("own-work").startSpan();
      boolean currentIsOwn;
      try (Scope ignored = own.makeCurrent()) {
        // Its own span object back from the context, not a stand-in: what it sets on it is kept.
        currentIsOwn = Span.current() == own;
      } finally {
        own.end();
      }
      return Answer.ok("exportedByApp", exporter.exported(), "currentIsOwn", currentIsOwn,
          "ownTraceId", own.getSpanContext().getTraceId(), "metricsPort", metrics.getPort());
    });
    server.setExecutor(Executors.newFixedThreadPool(2, OtelApiApp.named("own-sdk-http")));
    server.start();
    System.out.println("own-sdk-app listening on port " + server.getAddress().getPort());
  }
}
