package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.TestApp;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The application's exit (SIGTERM, shutdown hooks run): the spans of its last moments reach a
 * healthy collector, and a collector that hangs or is gone never holds the exit for more than 2 s.
 * The batch delay is a minute, so only the flush at exit can have sent the last request's span.
 */
class ShutdownTest {

  /** The agent's budget is 1.8 s; the JVM's own exit (hooks, halting threads) gets the rest. */
  private static final Duration AT_MOST = Duration.ofMillis(2_500);

  @Test
  void theLastSpansAreFlushedAtExit() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      RunningApp running = RunningApp.start(app("shutdown-flush", receiver).sysprop("otel.bsp.schedule.delay", "60000"));
      assertEquals(200, running.get("/hello?last=1").status());
      // Ended (the server span ends just after the answer leaves), not yet exported.
      RunningApp.eventually(RunningApp.PATIENCE,
          () -> assertTrue(running.endpoint("/traces?view=summary").body().contains("\"spanCount\":1"), "the span ended"));
      assertEquals(0, receiver.spans().size(), "nothing exported before the exit");
      long exitMillis = exitMillis(running.process);
      receiver.awaitSpan(span -> "SERVER".equals(span.kind()) && "last=1".equals(span.attr("url.query")),
          RunningApp.PATIENCE);
      assertTrue(exitMillis < AT_MOST.toMillis(), "exit took " + exitMillis + " ms");
    }
  }

  @Test
  void aHangingCollectorHoldsTheExitForAtMostTwoSeconds() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      receiver.delayResponses(Duration.ofSeconds(30));
      RunningApp running = RunningApp.start(app("shutdown-hanging", receiver).sysprop("otel.bsp.schedule.delay", "60000"));
      for (int i = 0; i < 20; i++) {
        assertEquals(200, running.get("/hello").status());
      }
      long exitMillis = exitMillis(running.process);
      assertTrue(exitMillis < AT_MOST.toMillis(), "exit took " + exitMillis + " ms with a hanging collector");
      assertTrue(running.process.log().contains("[sightline] WARN spans not yet exported at exit were dropped"),
          "the loss is said (exit took " + exitMillis + " ms, " + receiver.exportRequests() + " export requests): "
              + running.process.logFile());
    }
  }

  @Test
  void aCollectorThatIsGoneDoesNotDelayTheExit() {
    int closedPort = TestApp.freePort();
    RunningApp running = RunningApp.start(app("shutdown-gone")
        .serviceName("shutdown-gone")
        .sysprop("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + closedPort)
        .sysprop("otel.bsp.schedule.delay", "60000"));
    for (int i = 0; i < 20; i++) {
      assertEquals(200, running.get("/hello").status());
    }
    long exitMillis = exitMillis(running.process);
    assertTrue(exitMillis < AT_MOST.toMillis(), "exit took " + exitMillis + " ms with no collector");
    // One connection attempt, refused, and the exit goes on: no retry waits out the budget (a job or
    // a test run without a collector exited about 1.8 s late), and the loss is said.
    String log = running.process.log();
    assertFalse(log.contains("did not answer within"), () -> "the exit waited for retries: " + log);
    assertTrue(log.contains("failed: java.net.ConnectException"), () -> "the loss is said: " + log);
  }

  /** SIGTERM, then the time until the process is gone. */
  private static long exitMillis(TestApp process) {
    long started = System.nanoTime();
    process.stop();
    return (System.nanoTime() - started) / 1_000_000;
  }
}
