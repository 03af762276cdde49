package dev.sightline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Blocking HTTP calls for tests; failures become unchecked exceptions naming the URL. */
public final class Http {

  static final int DEFAULT_TIMEOUT_SECONDS = 10;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);

  // HTTP/1.1 only: the servers under test speak nothing else, and an h2c upgrade attempt would add
  // Connection/Upgrade headers that tests inspecting request headers should not have to filter.
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(DEFAULT_TIMEOUT)
      .build();

  private Http() {}

  /** A response with its body read as a string. */
  public record Response(int status, String body, HttpHeaders headers) {

    /** The first value of the header (name matched case-insensitively), or null. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  public static Response get(String url, String... headerKeyValues) {
    return send("GET", url, null, DEFAULT_TIMEOUT, headerKeyValues);
  }

  public static Response post(String url, String body, String... headerKeyValues) {
    return send("POST", url, body, DEFAULT_TIMEOUT, headerKeyValues);
  }

  /** A POST that may take longer than the default {@value #DEFAULT_TIMEOUT_SECONDS} s. */
  public static Response post(Duration timeout, String url, String body, String... headerKeyValues) {
    return send("POST", url, body, timeout, headerKeyValues);
  }

  static Response send(
      String method, String url, String body, Duration timeout, String... headerKeyValues) {
    if (headerKeyValues.length % 2 != 0) {
      throw new IllegalArgumentException("Headers must be name/value pairs, got an odd count");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
    for (int i = 0; i < headerKeyValues.length; i += 2) {
      request.header(headerKeyValues[i], headerKeyValues[i + 1]);
    }
    if (body == null && "GET".equals(method)) {
      request.GET();
    } else {
      request.method(method, body == null
          ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(body));
    }
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + url + " interrupted", e);
    }
  }
}
