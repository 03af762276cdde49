package dev.sightline.agent.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLException;

/**
 * OTLP/HTTP protobuf span export with the agent's own encoder and connection: less than half the
 * CPU per span of the SDK's exporter on the JDK HttpClient (see the overhead benchmark). It
 * keeps the SDK exporter's contract: a batch is encoded on the caller's thread and posted on an
 * export thread; 429, 502, 503, 504 and I/O failures are retried up to five attempts with
 * jittered exponential backoff from 1 s to 5 s (longer if the collector's Retry-After asks);
 * each attempt gets the exporter timeout; shutdown stops retrying.
 */
public final class DirectOtlpSpanExporter implements SpanExporter {

  /** The collector answered, but not with success: its status is the reason. */
  public static final class CollectorRefusal extends IOException {
    CollectorRefusal(String message) {
      super(message);
    }
  }

  static final int MAX_ATTEMPTS = 5;
  private static final long INITIAL_BACKOFF_MILLIS = 1_000;
  private static final long MAX_BACKOFF_MILLIS = 5_000;
  private static final double BACKOFF_MULTIPLIER = 1.5;

  private final String endpoint;
  private final CollectorConnection connection;
  private final boolean gzip;
  private final int timeoutMillis;
  private final int maxAttempts;
  private final Executor exportThreads;
  private final ScheduledExecutorService watchdog;
  /** One post at a time on the one connection; held for a whole export, retries included. */
  private final Object sending = new Object();
  private final Object wakeUp = new Object();
  private volatile boolean shutDown;
  /** The JVM is exiting: a collector that refuses the connection is not waited for. */
  private volatile boolean exiting;
  /**
   * One encoder per export in flight; a request is sent from its encoder's buffer, so the encoder
   * is taken until the send is over. Two at most: a collector that stalls must not pile exports
   * up, and one that is merely slower than the application makes the batch processor wait here,
   * so its queue fills and drops spans (counted and said once a minute) instead of exports failing.
   */
  private final BlockingQueue<OtlpTraceEncoder> encoders = new ArrayBlockingQueue<>(MAX_IN_FLIGHT);
  static final int MAX_IN_FLIGHT = 2;

  DirectOtlpSpanExporter(URI endpoint, Map<String, String> headers, boolean gzip, int timeoutMillis, boolean retry,
      String userAgent, Executor exportThreads, ScheduledExecutorService watchdog) {
    this.endpoint = endpoint.toString();
    this.connection = new CollectorConnection(endpoint, headers, userAgent);
    this.gzip = gzip;
    this.timeoutMillis = timeoutMillis;
    this.maxAttempts = retry ? MAX_ATTEMPTS : 1;
    this.exportThreads = exportThreads;
    this.watchdog = watchdog;
    for (int i = 0; i < MAX_IN_FLIGHT; i++) {
      encoders.add(new OtlpTraceEncoder());
    }
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (shutDown) {
      return CompletableResultCode.ofFailure();
    }
    OtlpTraceEncoder encoder;
    try {
      encoder = encoders.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableResultCode.ofExceptionalFailure(e);
    }
    if (encoder == null) {
      return CompletableResultCode.ofExceptionalFailure(new IOException(
          "the collector has not finished with the last " + MAX_IN_FLIGHT + " exports within " + timeoutMillis + " ms"));
    }
    ReverseProtoWriter request;
    try {
      request = encoder.encodeInto(spans);
      if (gzip) {
        byte[] compressed = gzip(request.toByteArray());
        request.reset();
        request.raw(compressed);
      }
      connection.frame(request);
    } catch (IOException | RuntimeException e) {
      encoders.offer(encoder);
      return CompletableResultCode.ofExceptionalFailure(e);
    }
    CompletableResultCode result = new CompletableResultCode();
    try {
      exportThreads.execute(() -> {
        try {
          send(request, result);
        } finally {
          encoders.offer(encoder);
        }
      });
    } catch (RejectedExecutionException e) {
      encoders.offer(encoder);
      result.failExceptionally(e);
    }
    return result;
  }

  private void send(ReverseProtoWriter request, CompletableResultCode result) {
    synchronized (sending) {
      for (int attempt = 1; ; attempt++) {
        IOException failure;
        long retryAfterMillis = -1;
        try {
          CollectorConnection.Answer answer = postOnce(request);
          if (answer.status >= 200 && answer.status < 300) {
            result.succeed();
            return;
          }
          failure = new CollectorRefusal("the collector answered HTTP " + answer.status
              + (answer.reason.isEmpty() ? "" : " " + answer.reason));
          if (!retryable(answer.status)) {
            result.failExceptionally(failure);
            return;
          }
          retryAfterMillis = answer.retryAfterSeconds >= 0 ? TimeUnit.SECONDS.toMillis(answer.retryAfterSeconds) : -1;
        } catch (SSLException e) {
          result.failExceptionally(e); // a certificate or protocol mismatch does not heal by itself
          return;
        } catch (IOException | RuntimeException e) {
          failure = e instanceof IOException ? (IOException) e : new IOException(e);
        }
        // at exit, retrying a collector nobody listens for would only hold the application's exit
        boolean gone = exiting && failure instanceof ConnectException;
        if (attempt >= maxAttempts || shutDown || gone || !pause(backoffMillis(attempt, retryAfterMillis))) {
          result.failExceptionally(failure);
          return;
        }
      }
    }
  }

  private CollectorConnection.Answer postOnce(ReverseProtoWriter request) throws IOException {
    // The socket timeout bounds each read; a write into a collector that stopped reading is ended here.
    ScheduledFuture<?> guard = watchdog.schedule(connection::abort, timeoutMillis, TimeUnit.MILLISECONDS);
    try {
      try {
        return connection.post(request.array(), request.start(), request.size(), timeoutMillis);
      } catch (CollectorConnection.StaleConnectionException e) {
        // the collector closed an idle connection: once more on a new one
        return connection.post(request.array(), request.start(), request.size(), timeoutMillis);
      }
    } finally {
      guard.cancel(false);
    }
  }

  static boolean retryable(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /** Jittered exponential backoff; a Retry-After is honoured up to the longest backoff. */
  static long backoffMillis(int attempt, long retryAfterMillis) {
    double ceiling = Math.min(MAX_BACKOFF_MILLIS, INITIAL_BACKOFF_MILLIS * Math.pow(BACKOFF_MULTIPLIER, attempt - 1));
    long jittered = (long) (ThreadLocalRandom.current().nextDouble() * ceiling);
    return Math.max(jittered, Math.min(retryAfterMillis, MAX_BACKOFF_MILLIS));
  }

  /** False when shutdown cut the pause short. */
  private boolean pause(long millis) {
    long until = System.currentTimeMillis() + millis;
    synchronized (wakeUp) {
      for (long left = millis; left > 0 && !shutDown && !exiting; left = until - System.currentTimeMillis()) {
        try {
          wakeUp.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return !shutDown;
  }

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length / 4 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(compressed, 8 * 1024)) {
      zip.write(body);
    }
    return compressed.toByteArray();
  }

  /**
   * The JVM is exiting: the last exports get one connection attempt each, so an application run
   * with no collector (a job, a test, a developer's machine) exits at once instead of after the
   * shutdown budget. A collector that answers, even slowly or with 503, is still retried.
   */
  public void exiting() {
    exiting = true;
    endPauses(); // a backoff under way holds the sends behind it
  }

  private void endPauses() {
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
  }

  /** Completes once the exports already handed over are done. */
  @Override
  public CompletableResultCode flush() {
    return afterSends(false);
  }

  @Override
  public CompletableResultCode shutdown() {
    shutDown = true;
    endPauses();
    return afterSends(true);
  }

  private CompletableResultCode afterSends(boolean close) {
    CompletableResultCode done = new CompletableResultCode();
    try {
      exportThreads.execute(() -> {
        synchronized (sending) {
          if (close) {
            connection.close();
          }
        }
        done.succeed();
      });
    } catch (RejectedExecutionException e) {
      done.succeed();
    }
    return done;
  }

  @Override
  public String toString() {
    return "DirectOtlpSpanExporter{" + endpoint + (gzip ? ", gzip" : "") + "}";
  }
}
