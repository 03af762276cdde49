package dev.sightline.apps.shop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.MetricsScrape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shop under {@code --load} at its highest rate for {@code -Dsoak.minutes} (2 in the suite; the
 * README's soak command runs 10), its collector answering 503 and 200 in turns of 15 s. Every 5 s
 * the test reads, from the agent's own endpoint after a full collection, the heap, the threads,
 * the open file descriptors and the number of metric series. After a warm-up of a quarter of the run, each must
 * stay flat: the slope of a least-squares line through the samples stays under a bound, so a leak
 * shows as a trend, not as one unlucky reading.
 */
class SoakTest {

  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
  private static final Duration COLLECTOR_TURN = Duration.ofSeconds(15);

  @Test
  void heapThreadsDescriptorsAndSeriesStayFlatUnderLoadWithTheCollectorComingAndGoing() {
    double minutes = Double.parseDouble(System.getProperty("soak.minutes", "2"));
    long runMillis = (long) (minutes * 60_000);
    try (RunningShop shop = RunningShop.start("shop-soak", "--load", "--load-rate", "100")) {
      List<double[]> samples = new ArrayList<>(); // seconds, heap MiB, threads, fds, series
      long started = System.nanoTime();
      long nextTurn = COLLECTOR_TURN.toMillis();
      boolean collectorUp = true;
      while (elapsedMillis(started) < runMillis) {
        if (elapsedMillis(started) >= nextTurn) {
          collectorUp = !collectorUp;
          shop.receiver.respondWith(collectorUp ? 200 : 503);
          nextTurn += COLLECTOR_TURN.toMillis();
        }
        samples.add(sample(shop, elapsedMillis(started) / 1000.0));
        RunningShop.sleep(SAMPLE_EVERY.toMillis());
      }
      shop.receiver.respondWith(200);

      List<double[]> measured = samples.subList(samples.size() / 4, samples.size());
      String[] names = {"heap after GC (MiB)", "threads", "open file descriptors", "metric series"};
      // Per minute, at about 100 orders/s: a kilobyte or a thread or descriptor kept per hundred orders
      // breaks them many times over, while young-GC noise and a lazily started thread stay well within.
      double[] bounds = {8.0, 3.0, 3.0, 3.0};
      StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "[soak] %.1f min, %d samples after warm-up%n",
          minutes, measured.size()));
      List<String> rising = new ArrayList<>();
      for (int i = 0; i < names.length; i++) {
        double slope = slopePerMinute(measured, i + 1);
        double first = measured.get(0)[i + 1];
        double last = measured.get(measured.size() - 1)[i + 1];
        report.append(String.format(Locale.ROOT, "[soak] %-22s first %8.1f last %8.1f slope %+7.2f/min (bound %.1f)%n",
            names[i], first, last, slope, bounds[i]));
        if (slope > bounds[i]) {
          rising.add(names[i]);
        }
      }
      System.out.print(report);
      assertTrue(rising.isEmpty(), "rising: " + rising + "\n" + report);
      assertTrue(shop.app.isAlive());
      assertTrue(Http.get(shop.url("/orders/no-such-order")).status() == 404, "the shop still answers");
    }
  }

  private static double[] sample(RunningShop shop, double seconds) {
    fullCollection(shop.app.pid());
    MetricsScrape metrics = MetricsScrape.scrape(shop.app.endpointUrl("/metrics"));
    return new double[] {
      seconds,
      metrics.sum("jvm_memory_pool_collection_used_bytes") / (1024.0 * 1024.0),
      metrics.sum("jvm_threads_current"),
      metrics.sum("process_open_fds"),
      metrics.samples().size()
    };
  }

  /**
   * A full collection in the shop before each reading: the old generation's "after GC" figure is
   * otherwise only as fresh as G1's last mixed collection, and the shop's own Kafka and AMQP brokers
   * keep tens of megabytes that G1 may leave in it for minutes (one run read 54 MiB rising to 71
   * where the others read 20 flat). Only what is still reachable then can be a leak.
   */
  private static void fullCollection(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("jcmd GC.run did not finish within 30 s");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The least-squares slope of column {@code column} against time, per minute. */
  static double slopePerMinute(List<double[]> samples, int column) {
    double n = samples.size();
    double sumX = 0;
    double sumY = 0;
    for (double[] sample : samples) {
      sumX += sample[0];
      sumY += sample[column];
    }
    double meanX = sumX / n;
    double meanY = sumY / n;
    double covariance = 0;
    double variance = 0;
    for (double[] sample : samples) {
      covariance += (sample[0] - meanX) * (sample[column] - meanY);
      variance += (sample[0] - meanX) * (sample[0] - meanX);
    }
    return variance == 0 ? 0 : covariance / variance * 60;
  }

  private static long elapsedMillis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
