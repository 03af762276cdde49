package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.app;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sightline.testing.OtlpReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * With a healthy collector nothing is lost: a frontend and a backend under steady load, every
 * {@code /chain} request a trace of seven spans (the frontend's server span, its three client
 * calls, the backend's three server spans), and every span the two agents made reaches the
 * collector: received = requests x 7, none dropped.
 */
class NothingLostTest {

  private static final int SPANS_PER_TRACE = 7;
  private static final Duration LOAD = Duration.ofSeconds(15);
  private static final int CLIENTS = Integer.getInteger("lost.clients", 4);

  @Test
  void everySpanOfASustainedLoadReachesTheCollector() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        RunningApp backend = RunningApp.start(app("lost-backend", receiver));
        RunningApp frontend = RunningApp.start(app("lost-frontend", receiver)
            .args("--downstream", "http://127.0.0.1:" + backend.port))) {
      frontend.expect(200, "/chain");
      RunningApp.eventually(RunningApp.PATIENCE, () -> assertEquals(SPANS_PER_TRACE, receiver.spans().size()));
      receiver.clear();

      AtomicLong completed = new AtomicLong();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest chain = HttpRequest.newBuilder(URI.create(frontend.url("/chain"))).timeout(Duration.ofSeconds(30)).build();
      long deadline = System.nanoTime() + LOAD.toNanos();
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Thread thread = new Thread(() -> {
          while (System.nanoTime() < deadline) {
            try {
              if (client.send(chain, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                completed.incrementAndGet();
              }
            } catch (Exception e) {
              return;
            }
          }
        });
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      long traces = completed.get();
      long expected = traces * SPANS_PER_TRACE;
      long waitUntil = System.nanoTime() + RunningApp.PATIENCE.toNanos();
      while (receiver.spans().size() < expected && System.nanoTime() < waitUntil) {
        RunningApp.sleep(Duration.ofMillis(200));
      }
      RunningApp.sleep(Duration.ofMillis(500));
      double dropped = frontend.metrics().sum("sightline_exporter_spans_dropped_total")
          + backend.metrics().sum("sightline_exporter_spans_dropped_total");
      System.out.printf("[lost] %d traces in %d s (%.0f traces/s, %.0f spans/s): %d spans made, %d received, %.0f dropped%n",
          traces, LOAD.toSeconds(), traces / (double) LOAD.toSeconds(), expected / (double) LOAD.toSeconds(),
          expected, receiver.spans().size(), dropped);
      assertEquals(0.0, dropped, "spans dropped on a full queue");
      assertEquals(expected, receiver.spans().size(), "every span made reached the collector");
    }
  }
}
