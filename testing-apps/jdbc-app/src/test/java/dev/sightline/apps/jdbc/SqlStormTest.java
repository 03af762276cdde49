package dev.sightline.apps.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 100,000 statements whose texts all differ and one of 1 MB, on H2 through HikariCP: the
 * application gets every answer; the agent's memory stays bounded (its caches of SQL texts and
 * labels are capped: the heap after a full GC grows by less than 16 MiB, and not again with another
 * 100,000 new texts), its metric keeps a bounded
 * number of series, and a 1 MB statement's span carries at most 2,048 characters of it.
 */
class SqlStormTest {

  @Test
  void distinctAndHugeStatementsKeepTheAgentBounded() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TestApp app = TestApp.builder(JdbcApp.class.getName())
            .name("jdbc-app-storm")
            .serviceName("jdbc-app-storm")
            .otlp(receiver)
            .args("--port", "0", "--jdbc-url", "jdbc:h2:mem:storm;DB_CLOSE_DELAY=-1", "--table", "orders")
            .start()) {
      String base = "http://127.0.0.1:" + app.awaitListeningPort("jdbc-app", Duration.ofSeconds(60));
      assertEquals(200, Http.post(base + "/storm?distinct=1000&bytes=1024", "").status(), "warm-up");
      double before = heapAfterFullGc(app);
      // The caller did not sample this request, so its 100,001 statements make no exported spans; the
      // agent still sees every one (query texts, metrics): what it keeps must stay bounded.
      Http.Response storm = Http.post(Duration.ofMinutes(3), base + "/storm?distinct=100000&bytes=" + (1024 * 1024), "",
          "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
      assertEquals(200, storm.status(), storm.body());
      assertEquals("{\"statements\":100001}", storm.body());
      // And one sampled 1 MB statement, to see what its span carries.
      assertEquals(200, Http.post(base + "/storm?distinct=0&bytes=" + (1024 * 1024), "").status());
      double after = heapAfterFullGc(app);
      // Another 100,000 texts never seen: bounded caches are full already, so nothing more is kept.
      assertEquals(200, Http.post(Duration.ofMinutes(3), base + "/storm?distinct=100000&bytes=1024&offset=100000", "",
          "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").status());
      double again = heapAfterFullGc(app);
      System.out.printf("[storm] heap after full GC: %.1f MiB before, %.1f MiB after 100,001 statements,"
          + " %.1f MiB after 100,001 more%n", before, after, again);
      assertTrue(after - before < 16, "heap grew by " + (after - before) + " MiB");
      assertTrue(again - after < 4, "heap grew again by " + (again - after) + " MiB: a cache without bound");

      ReceivedSpan big = receiver.awaitSpan(span -> "CLIENT".equals(span.kind())
          && String.valueOf(span.attr("db.query.text")).startsWith("SELECT LENGTH("), Duration.ofSeconds(60));
      assertTrue(big.attr("db.query.text").length() <= 2048, "query text of " + big.attr("db.query.text").length() + " chars");
      MetricsScrape metrics = MetricsScrape.scrape(app.endpointUrl("/metrics"));
      assertTrue(metrics.samples("db_client_operation_duration_seconds_count").size() <= 250,
          metrics.samples("db_client_operation_duration_seconds_count").size() + " series");
      app.assertAgentQuiet();
    }
  }

  /** Heap used, in MiB, right after a full GC of the app's JVM (jcmd). */
  private static double heapAfterFullGc(TestApp app) throws IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    run(jcmd, Long.toString(app.pid()), "GC.run");
    String info = run(jcmd, Long.toString(app.pid()), "GC.heap_info");
    Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
    long kib = 0;
    if (used.find()) {
      kib = Long.parseLong(used.group(1));
    }
    assertTrue(kib > 0, "no heap figure in: " + info);
    return kib / 1024.0;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, TimeUnit.SECONDS);
    return output;
  }
}
