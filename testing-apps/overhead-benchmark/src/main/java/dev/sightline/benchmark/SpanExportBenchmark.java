package dev.sightline.benchmark;

import dev.sightline.agent.export.DirectExportChoice;
import dev.sightline.agent.export.OtlpTraceEncoder;
import dev.sightline.agent.http.HttpServerTracer;
import dev.sightline.agent.http.ServerRequest;
import dev.sightline.agent.telemetry.RecentSpans;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.agent.telemetry.TracingSetup;
import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one exported span costs after the request is over: the agent's own exporter (its encoder
 * and connection), and the SDK's (OTLP/HTTP protobuf, JDK sender, the low-allocation marshaler), which
 * the agent falls back to for settings its own does not serve, sending batches of 512 SERVER spans,
 * as recorded by {@link HttpServerTracer}, to a local discarding receiver. Scores are per span.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SpanExportBenchmark {

  static final int BATCH = 512;

  private DiscardingOtlpReceiver receiver;
  private TracingSetup.Tracing tracing;
  private OtlpHttpSpanExporter exporter;
  private SpanExporter direct;
  private final OtlpTraceEncoder encoder = new OtlpTraceEncoder();
  private List<SpanData> batch;
  private final LowAllocationTraceRequestMarshaler marshaler =
      new LowAllocationTraceRequestMarshaler();
  private final OutputStream discard = OutputStream.nullOutputStream();

  @Setup
  public void setUp() throws IOException {
    System.setProperty("otel.traces.exporter", "none");
    // The agent's default ring size (sightline.traces.buffer); the batch does not come from it.
    RecentSpans recentSpans = new RecentSpans(2048);
    tracing = TracingSetup.build(recentSpans, "span-export-benchmark");
    HttpServerTracer tracer =
        new HttpServerTracer(new Telemetry("benchmark", tracing, recentSpans), "jdk-http-server");
    batch = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      ServerRequest request = new ServerRequest();
      request.method = "GET";
      request.scheme = "http";
      request.path = "/api/orders/" + i;
      request.route = "/api/orders";
      request.serverAddress = "127.0.0.1";
      request.serverPort = 8080;
      request.clientAddress = "127.0.0.1";
      request.userAgent = "sightline-overhead-benchmark";
      request.protocolVersion = "1.1";
      HttpServerTracer.Call call = tracer.start(request, Map.<String, String>of(), HotPathBenchmark.MapGetter.INSTANCE);
      call.end(200, null);
      // the SDK's own span data, as the batch processor hands it over (the /traces ring keeps
      // encodings and would give back decoded copies)
      batch.add(((ReadableSpan) call.span()).toSpanData());
    }
    receiver = new DiscardingOtlpReceiver();
    exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint(receiver.endpoint() + "/v1/traces")
        .build();
    direct = DirectExportChoice.create(
        DefaultConfigProperties.createFromMap(Map.of("otel.exporter.otlp.endpoint", receiver.endpoint())),
        Executors.newCachedThreadPool(), Executors.newSingleThreadScheduledExecutor());
  }

  @TearDown
  public void tearDown() {
    exporter.shutdown().join(10, TimeUnit.SECONDS);
    direct.shutdown().join(10, TimeUnit.SECONDS);
    tracing.sdk.shutdown().join(10, TimeUnit.SECONDS);
    receiver.close();
    System.clearProperty("otel.traces.exporter");
  }

  /** Protobuf encoding alone, as the batch processor and sender threads do it. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int serializeSpan() throws IOException {
    marshaler.initialize(batch);
    try {
      int size = marshaler.getBinarySerializedSize();
      marshaler.writeBinaryTo(discard);
      return size;
    } finally {
      marshaler.reset();
    }
  }

  /** The agent's own encoder (what is exported by default). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int directSerializeSpan() {
    return encoder.encode(batch).length;
  }

  /** The agent's own exporter: its encoder and its kept-alive connection, waiting for the answer. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public boolean directExportSpan() {
    return direct.export(batch).join(30, TimeUnit.SECONDS).isSuccess();
  }

  /** Encoding plus the HTTP POST to the local receiver, waiting for its answer. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public boolean exportSpan() {
    CompletableResultCode result = exporter.export(batch).join(30, TimeUnit.SECONDS);
    return result.isSuccess();
  }
}
