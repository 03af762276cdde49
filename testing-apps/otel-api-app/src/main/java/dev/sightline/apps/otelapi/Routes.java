package dev.sightline.apps.otelapi;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** The app's routes, each using one part of the OpenTelemetry API. */
final class Routes {

  private static final AttributeKey<List<String>> ORDER_TAGS = AttributeKey.stringArrayKey("order.tags");

  private final Tracer tracer;
  private final OrderDb db;
  private final Orders orders;
  private final OrderMetrics metrics;
  /** Wrapped with Context.taskWrapping: the API's own way to carry the context to a pool. */
  private final ExecutorService tasks;
  private final HttpClient client;
  private final URI self;

  Routes(Tracer tracer, OrderDb db, OrderMetrics metrics, ExecutorService tasks, HttpClient client, URI self) {
    this.tracer = tracer;
    this.db = db;
    this.orders = new Orders(db);
    this.metrics = metrics;
    this.tasks = tasks;
    this.client = client;
    this.self = self;
  }

  void mount(HttpServer server) {
    Route.mount(server, "/manual", exchange -> manual(Route.param(exchange, "id")));
    Route.mount(server, "/annotated", exchange -> annotated(Route.param(exchange, "id")));
    Route.mount(server, "/failing", exchange -> failing());
    Route.mount(server, "/baggage", exchange -> baggage());
    Route.mount(server, "/echo", exchange -> echo(exchange.getRequestHeaders().getFirst("baggage")));
    Route.mount(server, "/metrics-work", exchange -> {
      metrics.orderPlaced(Route.param(exchange, "product"));
      return Answer.ok("recorded", true);
    });
    Route.mount(server, "/async", exchange -> async());
  }

  /** A manual span under the current (server) span, with every attribute type, an event and a query inside. */
  @SuppressWarnings("try") // the scope is only held, as the API intends
  private Answer manual(String id) throws Exception {
    SpanContext current = Span.current().getSpanContext();
    Span span = tracer.spanBuilder("manual-work")
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute("order.id", id)
        .setAttribute("order.lines", 3L)
        .setAttribute("order.express", true)
        .setAttribute("order.weight", 1.5)
        .setAttribute(ORDER_TAGS, List.of("a", "b"))
        .startSpan();
    String currentInside;
    try (Scope scope = span.makeCurrent()) {
      span.addEvent("checkpoint", Attributes.of(AttributeKey.stringKey("step"), "validated"));
      db.insert(id, 10);
      currentInside = Span.current().getSpanContext().getSpanId();
    } finally {
      span.end();
    }
    return Answer.ok("currentTraceId", current.getTraceId(), "currentSpanId", current.getSpanId(),
        "manualTraceId", span.getSpanContext().getTraceId(), "manualSpanId", currentInside);
  }

  private Answer annotated(String id) throws Exception {
    orders.place(id, 250);
    return Answer.ok("placed", id);
  }

  private Answer failing() {
    try {
      orders.reject();
      return Answer.ok("rejected", false);
    } catch (IllegalStateException e) {
      return Answer.of(409, "rejected", true, "reason", e.getMessage());
    }
  }

  /** Baggage set by the app must travel in its own outgoing call. */
  @SuppressWarnings("try") // the scope is only held, as the API intends
  private Answer baggage() throws Exception {
    try (Scope scope = Baggage.current().toBuilder().put("tenant", "acme").build().makeCurrent()) {
      HttpRequest request = HttpRequest.newBuilder(self.resolve("/echo")).timeout(Duration.ofSeconds(10)).GET().build();
      HttpResponse<String> echoed = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(echoed.statusCode(), echoed.body());
    }
  }

  private Answer echo(String baggageHeader) {
    String tenant = Baggage.current().getEntryValue("tenant");
    return Answer.ok("baggageHeader", baggageHeader == null ? "" : baggageHeader,
        "tenant", tenant == null ? "" : tenant,
        "traceId", Span.current().getSpanContext().getTraceId());
  }

  /** A query and a manual span on a pool thread, which only the wrapped executor puts in the request's trace. */
  private Answer async() throws Exception {
    long count = tasks.submit(() -> {
      long rows = db.count();
      tracer.spanBuilder("async-child").startSpan().end();
      return rows;
    }).get(10, TimeUnit.SECONDS);
    return Answer.ok("orders", count);
  }
}
