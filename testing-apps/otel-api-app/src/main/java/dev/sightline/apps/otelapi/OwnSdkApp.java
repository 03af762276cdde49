package dev.sightline.apps.otelapi;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * A service that installs its own OpenTelemetry SDK as the global one before anything reads it:
 * its own spans are its own to export, whatever agent runs it. {@code GET /own} makes one span
 * and answers how many the app's exporter has seen (a simple processor exports at end, so the
 * count already includes it).
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
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    Route.mount(server, "/own", exchange -> {
      Span own = GlobalOpenTelemetry.getTracer("own").spanBuilder("own-work").startSpan();
      boolean currentIsOwn;
      try (Scope ignored = own.makeCurrent()) {
        // Its own span object back from the context, not a stand-in: what it sets on it is kept.
        currentIsOwn = Span.current() == own;
      } finally {
        own.end();
      }
      return Answer.ok("exportedByApp", exporter.exported(), "currentIsOwn", currentIsOwn,
          "ownTraceId", own.getSpanContext().getTraceId());
    });
    server.setExecutor(Executors.newFixedThreadPool(2, OtelApiApp.named("own-sdk-http")));
    server.start();
    System.out.println("own-sdk-app listening on port " + server.getAddress().getPort());
  }
}
