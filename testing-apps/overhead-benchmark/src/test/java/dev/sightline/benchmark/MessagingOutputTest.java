package dev.sightline.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The readers of the tools' output, on lines as the tools print them. */
class MessagingOutputTest {

  @Test
  void windowsSkipTheWarmupAndCompleteOnTheDuration() {
    MessagingWindows windows = new MessagingWindows(2, 3);
    windows.add(1_000, 1.0);
    windows.add(1_000, 1.0);
    assertTrue(Double.isNaN(windows.rate()));
    windows.add(3_000, 1.0);
    windows.add(5_000, 1.0);
    assertFalse(windows.complete());
    windows.add(4_000, 1.0);
    assertTrue(windows.complete());
    windows.add(99_000, 1.0);
    assertEquals(4_000, windows.rate(), 1e-9);
    assertEquals(3.0, windows.measuredSeconds(), 1e-9);
  }

  @Test
  void producerPerformanceWindows() {
    MessagingProducerPerfOutput output = new MessagingProducerPerfOutput(1, 4);
    output.line("1 records sent, 0.8 records/sec (0.00 MB/sec), 1312.0 ms avg latency, 1312.0 ms max latency.");
    output.line("12000 records sent, 12000.0 records/sec (1.16 MB/sec), 687.7 ms avg latency, 982.0 ms max latency.");
    output.line("20000 records sent, 10000.0 records/sec (1.17 MB/sec), 1377.3 ms avg latency, 1788.0 ms max latency.");
    assertFalse(output.complete());
    // The closing summary is no window.
    output.line("5000 records sent, 5000.000 records/sec (0.48 MB/sec), 2.00 ms avg latency, 9.00 ms max latency,"
        + " 1 ms 50th, 4 ms 95th, 6 ms 99th, 9 ms 99.9th.");
    output.line("SLF4J: Defaulting to no-operation (NOP) logger implementation");
    assertFalse(output.complete());
    output.line("30000 records sent, 15000.0 records/sec (1.43 MB/sec), 3.0 ms avg latency, 9.0 ms max latency.");
    assertTrue(output.complete());
    // The first window (1.25 s) is warm-up; then 12,000 in 1 s, 20,000 in 2 s, 30,000 in 2 s.
    assertEquals(62_000 / 5.0, output.figures().get("records_per_s"), 1e-6);
  }

  @Test
  void consumerPerformanceDetailedLines() {
    MessagingConsumerPerfOutput output = new MessagingConsumerPerfOutput(1, 2);
    output.line("time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,"
        + " fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec");
    output.line("2026-12-07 08:40:27:000, 0, 6.3232, 6.3043, 66304, 66105.6830, 682, 321, 19.6986, 206554.5171");
    output.line("2026-12-07 08:40:28:000, 0, 9.5576, 3.2000, 100000, 33696.0000, 0, 1000, 3.2, 33696.0");
    output.line("2026-12-07 08:40:29:000, 0, 19.0, 9.5, 200000, 100000.0, 0, 1000, 9.5, 100000.0");
    assertFalse(output.complete());
    output.line("2026-12-07 08:40:30:500, 0, 33.0, 14.0, 500000, 200000.0, 0, 1500, 14.0, 200000.0");
    assertTrue(output.complete());
    assertEquals(400_000 / 2.5, output.figures().get("messages_per_s"), 1e-6);
    assertEquals(2.5, output.figures().get("measured_s"), 1e-9);
  }

  @Test
  void endToEndLatencyClosingLines() {
    MessagingEndToEndOutput output = new MessagingEndToEndOutput();
    output.line("0\t71.177884");
    output.line("Avg latency: 2.2242 ms");
    output.line("Percentiles: 50th = 1, 99th = 10, 99.9th = 19");
    Map<String, Double> figures = output.figures();
    assertEquals(2.2242, figures.get("avg_ms"), 1e-9);
    assertEquals(1, figures.get("p50_ms"));
    assertEquals(10, figures.get("p99_ms"));
  }

  @Test
  void perfTestSecondsAfterTheWarmup() {
    MessagingPerfTestOutput output = new MessagingPerfTestOutput(1, 2);
    output.line("id: test-084016-711, starting producer #0");
    output.line("id: test-084016-711, time 1.005 s, sent: 5001 msg/s, received: 5000 msg/s, min/median/75th/95th/99th"
        + " consumer latency: 163/157808/242155/330924/337964 µs");
    output.line("id: test-084016-711, time 2.005 s, sent: 5012 msg/s, received: 5010 msg/s, min/median/75th/95th/99th"
        + " consumer latency: 144/553/757/4174/11840 µs");
    // µ mangled by an ASCII console.
    output.line("id: test-084016-711, time 3.005 s, sent: 4988 msg/s, received: 4990 msg/s, min/median/75th/95th/99th"
        + " consumer latency: 201/529/610/2086/4523 ?s");
    output.line("id: test-084016-711, time 4.005 s, sent: 1 msg/s, received: 1 msg/s, min/median/75th/95th/99th"
        + " consumer latency: 1/1/1/1/1 µs");
    output.line("id: test-084016-711, consumer latency min/median/75th/95th/99th 102/577/5259/296979/330652 µs");
    Map<String, Double> figures = output.figures();
    assertEquals(5_000, figures.get("published_per_s"), 1e-9);
    assertEquals(5_000, figures.get("consumed_per_s"), 1e-9);
    assertEquals(0.541, figures.get("latency_p50_ms"), 1e-9);
    assertEquals((4.174 + 2.086) / 2, figures.get("latency_p95_ms"), 1e-9);
    assertEquals(2.0, figures.get("measured_s"), 1e-9);
  }

  @Test
  void perfTestFullSpeedLinesWithoutLatency() {
    MessagingPerfTestOutput output = new MessagingPerfTestOutput(0, 5);
    output.line("id: test-1, time 1.000 s, sent: 40000 msg/s, received: 30000 msg/s");
    output.line("id: test-1, time 2.000 s, sent: 42000 msg/s, received: 32000 msg/s");
    assertEquals(41_000, output.figures().get("published_per_s"), 1e-9);
    assertTrue(output.figures().get("latency_p95_ms").isNaN());
  }

  @Test
  void agentWarningsAreCountedPerLineAndGroupedByText() {
    MessagingAgentLog log = new MessagingAgentLog();
    log.line("[sightline] INFO started");
    log.line("[sightline] WARN 12 spans dropped (12 in all): the export queue was full");
    log.line("[sightline] WARN 40 spans dropped (52 in all): the export queue was full");
    log.line("[sightline] ERROR export failed");
    log.line("[otel.javaagent 2026-12-07 08:40:27:215 +0000] [BatchSpanProcessor_WorkerThread-1] WARN"
        + " io.opentelemetry.sdk.trace.export.BatchSpanProcessor - BatchSpanProcessor dropped 3220 span(s) since the last"
        + " export because the queue is full (maxQueueSize=2048)");
    log.line("[sightline] WARN BatchSpanProcessor: BatchSpanProcessor dropped 54 span(s) since the last export");
    log.line("[otel.javaagent 2026-12-07 08:40:27:215 +0000] [main] INFO io.opentelemetry.javaagent.tooling.VersionLogger - x");
    log.line("[2026-12-07 08:40:27,215] WARN kafka's own warning, not an agent's");
    assertEquals(4, log.warnings());
    assertEquals(1, log.errors());
    assertEquals(3274, log.droppedSpans());
    List<String> examples = log.examples();
    assertEquals(4, examples.size());
    assertTrue(examples.get(0).startsWith("2× [sightline] WARN 12 spans dropped"), examples.get(0));
    assertNull(MessagingAgentLog.level("[sightline] WARNING-free line"));
  }

  @Test
  void sightlineCountersFromMetrics() {
    MessagingSightlineScrape scrape = new MessagingSightlineScrape(AppRun.freePort());
    scrape.close();
    scrape.read("# TYPE sightline_exporter_spans_dropped_total counter\n"
        + "sightline_exporter_spans_exported_total 1024.0\n"
        + "sightline_exporter_spans_dropped_total 77\n"
        + "sightline_exporter_spans_failed_total 0.0 1765000000000\n");
    assertEquals(1024, scrape.exported());
    assertEquals(77, scrape.dropped());
  }

  @Test
  void toolVersionFromItsJarName() {
    assertEquals("4.3.1", MessagingTool.versionOf("kafka-clients",
        "/r/org/apache/kafka/kafka-tools/4.3.1/kafka-tools-4.3.1.jar:/r/kafka-clients/4.3.1/kafka-clients-4.3.1.jar"));
    assertEquals("2.22.1", MessagingTool.versionOf("perf-test", "/r/perf-test-2.22.1.jar:/r/amqp-client-5.23.0.jar"));
  }

  @Test
  void optionsChooseScenariosAndVariants() {
    MessagingOptions options = MessagingOptions.parse(new String[] {
        "--scenarios", "rabbit,kafka-produce", "--variants", "none,otel", "--rounds", "2"});
    assertEquals(List.of(MessagingScenario.RABBIT, MessagingScenario.KAFKA_PRODUCE), options.scenarios());
    assertEquals(2, options.variantList().size());
    assertTrue(options.needsKafka() && options.needsRabbit());
  }
}
