package dev.sightline.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.export.HttpResponse;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExportTroubleLogTest {

  private static final String COLLECTOR = "http://collector:4318/v1/traces (http/protobuf)";

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final ExportTroubleLog log = new ExportTroubleLog(COLLECTOR, now::get);

  @Test
  void theFirstFailureIsSaidAtOnceWithTheCollectorAndTheReasonInOneLine() {
    String line = log.failure(12, new CompletionException(new UncheckedIOException(new ConnectException("Connection refused"))));
    assertEquals("span export to " + COLLECTOR + " failed: java.net.ConnectException: Connection refused; 12 spans not"
        + " exported; next batches are tried as they come, and this is said again at most once a minute", line);
  }

  @Test
  void whileItLastsItIsSaidAtMostOnceAMinuteWithWhatFailedSince() {
    Throwable refused = new ConnectException("Connection refused");
    log.failure(4, refused);
    for (int i = 0; i < 100; i++) {
      now.addAndGet(500);
      assertNull(log.failure(2, refused), "quiet within the minute");
    }
    now.addAndGet(10_000);
    String line = log.failure(3, refused);
    assertTrue(line.contains("101 exports (203 spans) failed in the last 60 s"), line);
  }

  @Test
  void recoveryIsSaidOnceAndOnlyAfterAFailure() {
    assertNull(log.success());
    log.failure(1, new ConnectException("Connection refused"));
    now.addAndGet(1_000);
    log.failure(5, new ConnectException("Connection refused"));
    assertEquals("span export to " + COLLECTOR + " works again (1 more exports, 5 spans, failed before)", log.success());
    assertNull(log.success());
  }

  @Test
  void aCollectorThatFlapsIsSaidAtMostOnceAMinuteToo() {
    Throwable busy = new ConnectException("Connection refused");
    assertTrue(log.failure(512, busy) != null);
    assertTrue(log.success() != null, "the recovery after a line is said");
    for (int i = 0; i < 50; i++) {
      now.addAndGet(1_000);
      assertNull(log.failure(512, busy), "a flap within the minute is counted, not said");
      assertNull(log.success());
    }
    now.addAndGet(11_000);
    String line = log.failure(512, busy);
    assertTrue(line.contains("51 exports (26112 spans) failed in the last 61 s"), line);
  }

  @Test
  void dropsOnAFullQueueAreSaidAtOnceThenAtMostOnceAMinute() {
    assertNull(log.dropped(0));
    String first = log.dropped(7);
    assertTrue(first.startsWith("7 spans dropped (7 in all): the export queue was full, the collector at " + COLLECTOR), first);
    now.addAndGet(30_000);
    assertNull(log.dropped(50), "quiet within the minute");
    now.addAndGet(30_000);
    assertTrue(log.dropped(90).startsWith("83 spans dropped in the last 60 s (90 in all)"));
    now.addAndGet(120_000);
    assertNull(log.dropped(90), "nothing new, nothing said");
  }

  @Test
  void aCollectorsAnswerIsItsStatus() {
    HttpResponse unavailable = new HttpResponse() {
      @Override
      public int getStatusCode() {
        return 503;
      }

      @Override
      public String getStatusMessage() {
        return "Service Unavailable";
      }

      @Override
      public byte[] getResponseBody() {
        return new byte[0];
      }
    };
    assertEquals("the collector answered HTTP 503 Service Unavailable",
        ExportTroubleLog.reason(FailedExportException.httpFailedWithResponse(unavailable)));
    assertEquals("no reason given", ExportTroubleLog.reason(null));
  }
}
