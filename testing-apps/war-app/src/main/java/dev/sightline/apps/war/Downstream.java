package dev.sightline.apps.war;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * The order route's two HTTP calls on its own webapp: /pricing through Apache HttpClient 5 (from
 * WEB-INF/lib) and /inventory through the JDK's {@code java.net.http.HttpClient}. Both clients are
 * closed with the webapp, their threads included.
 */
final class Downstream implements AutoCloseable {

  record Answer(int status, String body) {}

  private final CloseableHttpClient apache;
  private final HttpClient jdk;
  private final ExecutorService jdkExecutor;

  Downstream(String name) {
    Timeout timeout = Timeout.ofSeconds(10);
    apache = HttpClients.custom()
        .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(timeout).setResponseTimeout(timeout).build())
        .disableAutomaticRetries()
        .build();
    AtomicInteger threads = new AtomicInteger();
    jdkExecutor = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, name + "-http-" + threads.incrementAndGet());
      thread.setDaemon(true);
      thread.setContextClassLoader(null);
      return thread;
    });
    // The client's selector thread inherits the creating thread's context loader: keep the webapp's out of it.
    Thread current = Thread.currentThread();
    ClassLoader previous = current.getContextClassLoader();
    current.setContextClassLoader(null);
    try {
      jdk = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .executor(jdkExecutor)
          .build();
    } finally {
      current.setContextClassLoader(previous);
    }
  }

  Answer apacheGet(String url) throws IOException {
    return apache.execute(new HttpGet(url),
        response -> new Answer(response.getCode(), response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity())));
  }

  Answer jdkGet(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = jdk.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  @Override
  public void close() {
    apache.close(CloseMode.GRACEFUL);
    if (jdk instanceof AutoCloseable closeable) {
      // Java 21+: HttpClient.close() stops its selector thread now.
      try {
        closeable.close();
      } catch (Exception e) {
        WarApp.log("closing the JDK HttpClient failed: " + e);
      }
    }
    jdkExecutor.shutdown();
    try {
      if (!jdkExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
        jdkExecutor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      jdkExecutor.shutdownNow();
    }
  }
}
