package dev.sightline.benchmark;

import dev.sightline.agent.http.HttpClientTracer;
import dev.sightline.agent.http.HttpServerTracer;
import dev.sightline.agent.http.ServerRequest;
import dev.sightline.agent.telemetry.RecentSpans;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.agent.telemetry.TracingSetup;
import dev.sightline.bootstrap.Handler;
import dev.sightline.instrumentation.javaconcurrent.JavaConcurrentInstrumentation;
import io.opentelemetry.context.Context;

import java.util.concurrent.FutureTask;
import dev.sightline.bootstrap.Handlers;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The agent's per-request work, called the way the HTTP instrumentations call it: SERVER span
 * start and end with its duration metric, CLIENT span start, context injection into the outgoing
 * headers, end with metric and dependency health.
 *
 * <p>Spans go to the /traces ring only (as with {@code otel.traces.exporter=none}): in a loop this
 * tight an exporting pipeline would fill its queue within milliseconds and then measure the
 * span-dropping path. What export adds per span is {@link SpanExportBenchmark}'s to measure.
 * Short by default: override with JMH options, e.g. {@code run.sh jmh -f 3 -wi 5 -i 10}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HotPathBenchmark {

  private TracingSetup.Tracing tracing;
  private HttpServerTracer serverTracer;
  private HttpClientTracer clientTracer;
  private ServerRequest request;
  private Map<String, String> noHeaders;
  private Map<String, String> incomingContext;
  private URI downstream;
  private Context requestContext;
  private final FutureTask<Object> task = new FutureTask<>(() -> null);

  @Setup
  public void setUp() {
    System.setProperty("otel.traces.exporter", "none");
    // The agent's default ring size (sightline.traces.buffer).
    RecentSpans recentSpans = new RecentSpans(2048);
    tracing = TracingSetup.build(recentSpans, "hot-path-benchmark");
    Telemetry telemetry = new Telemetry("benchmark", tracing, recentSpans);
    serverTracer = new HttpServerTracer(telemetry, "jdk-http-server");
    clientTracer = new HttpClientTracer(telemetry, "java-http-client");

    request = new ServerRequest();
    request.method = "GET";
    request.scheme = "http";
    request.path = "/api/orders/42";
    request.route = "/api/orders";
    request.serverAddress = "127.0.0.1";
    request.serverPort = 8080;
    request.clientAddress = "127.0.0.1";
    request.userAgent = "curl/8.5.0";
    request.protocolVersion = "1.1";
    noHeaders = Map.of("host", "127.0.0.1:8080", "user-agent", "curl/8.5.0");
    incomingContext = Map.of("host", "127.0.0.1:8080", "user-agent", "curl/8.5.0",
        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    downstream = URI.create("http://127.0.0.1:9090/hello");
    Handler handler = new Handler() {};
    Handlers.setBinder((slot, origin) -> handler);
    new JavaConcurrentInstrumentation().registerHandlers(telemetry);
    requestContext = serverTracer.start(request, noHeaders, MapGetter.INSTANCE).context();
  }

  @TearDown
  public void tearDown() {
    tracing.sdk.shutdown().join(10, TimeUnit.SECONDS);
    System.clearProperty("otel.traces.exporter");
  }

  /** A request with no incoming trace context: a new root SERVER span. */
  @Benchmark
  public Object serverSpan() {
    HttpServerTracer.Call call = serverTracer.start(request, noHeaders, MapGetter.INSTANCE);
    call.makeCurrent();
    call.closeScope();
    call.end(200, null);
    return call;
  }

  /** A request carrying a traceparent header: extraction plus a child SERVER span. */
  /**
   * A task submitted to an executor with no span current: the common case outside requests,
   * which must cost nothing (one context read).
   */
  @Benchmark
  public Object taskSubmitWithoutSpan() {
    return Handlers.get(Handlers.CONCURRENT_SUBMIT).replaceArgument(null, task);
  }

  /** The same inside a request: the task is remembered, then its run makes the context current. */
  @Benchmark
  public Object taskSubmitAndRunWithSpan() {
    try (io.opentelemetry.context.Scope ignored = requestContext.makeCurrent()) {
      Object submitted = Handlers.get(Handlers.CONCURRENT_SUBMIT).replaceArgument(null, task);
      Handler run = Handlers.get(Handlers.CONCURRENT_RUN);
      run.exit(run.enter(submitted, null), null, null, null);
      return submitted;
    }
  }

  /**
   * How advice woven into a library finds its copy's handler: a ClassValue read on the
   * instrumented class and an array index (the server span above is what that handler does).
   */
  @Benchmark
  public Object libraryHandlerLookup() {
    return Handlers.forClass(Handlers.SERVLET_SERVICE, HotPathBenchmark.class);
  }

  @Benchmark
  public Object serverSpanWithIncomingContext() {
    HttpServerTracer.Call call = serverTracer.start(request, incomingContext, MapGetter.INSTANCE);
    call.makeCurrent();
    call.closeScope();
    call.end(200, null);
    return call;
  }

  /** One outgoing call: CLIENT span, traceparent injection, end with metric and health. */
  @Benchmark
  public Object clientSpanWithInjection() {
    HttpClientTracer.Call call = clientTracer.start("GET", downstream);
    Map<String, String> headers = call.headers();
    call.end(200, null);
    return headers;
  }

  /** A served request that makes one downstream call: the two above, nested. */
  @Benchmark
  public Object requestWithOneOutgoingCall() {
    HttpServerTracer.Call server = serverTracer.start(request, incomingContext, MapGetter.INSTANCE);
    server.makeCurrent();
    HttpClientTracer.Call client = clientTracer.start("GET", downstream);
    Map<String, String> headers = client.headers();
    client.end(200, null);
    server.closeScope();
    server.end(200, null);
    return headers;
  }

  enum MapGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }
}
