package dev.sightline.apps.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/** Calls another instance of this app with each of the JDK's HTTP clients. */
final class DownstreamCaller {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String baseUrl;
  // Shared like in a real service. HTTP/1.1 because the JDK server speaks nothing else and an
  // h2c upgrade attempt on every new connection would only add noise.
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(TIMEOUT)
      .build();

  DownstreamCaller(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  int viaSend(String path) throws IOException, InterruptedException {
    return client.send(request(path), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  int viaSendAsync(String path) throws IOException {
    try {
      return client.sendAsync(request(path), HttpResponse.BodyHandlers.ofString())
          .join()
          .statusCode();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }

  int viaUrlConnection(String path) throws IOException {
    HttpURLConnection connection =
        (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
    try {
      connection.setRequestMethod("GET");
      connection.setConnectTimeout((int) TIMEOUT.toMillis());
      connection.setReadTimeout((int) TIMEOUT.toMillis());
      int status = connection.getResponseCode();
      InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      if (body != null) {
        try (body) {
          body.readAllBytes();
        }
      }
      return status;
    } finally {
      connection.disconnect();
    }
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).GET().build();
  }
}
