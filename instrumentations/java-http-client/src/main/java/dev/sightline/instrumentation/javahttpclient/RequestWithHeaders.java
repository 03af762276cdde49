package dev.sightline.instrumentation.javahttpclient;

import dev.sightline.bootstrap.AgentLog;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

/**
 * An {@code HttpRequest} is immutable, so trace headers go into a copy: same method, URI,
 * body, timeout, version, expect-continue and headers, with the propagation headers set
 * (replacing any the application sent). When the copy cannot be made the original is sent.
 */
final class RequestWithHeaders {

  private RequestWithHeaders() {}

  static HttpRequest copy(HttpRequest original, Map<String, String> injected) {
    if (injected.isEmpty()) {
      return original;
    }
    try {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(original.uri())
              .expectContinue(original.expectContinue())
              .method(original.method(), original.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()));
      original.timeout().ifPresent(builder::timeout);
      original.version().ifPresent(builder::version);
      for (Map.Entry<String, List<String>> header : original.headers().map().entrySet()) {
        if (containsIgnoreCase(injected, header.getKey())) {
          continue;
        }
        for (String value : header.getValue()) {
          builder.header(header.getKey(), value);
        }
      }
      for (Map.Entry<String, String> header : injected.entrySet()) {
        builder.setHeader(header.getKey(), header.getValue());
      }
      return builder.build();
    } catch (RuntimeException e) {
      AgentLog.warnOnce(
          "java-http-client-copy:" + e.getClass().getName(),
          "could not add trace headers to an HttpRequest; it is sent unchanged", e);
      return original;
    }
  }

  private static boolean containsIgnoreCase(Map<String, String> headers, String name) {
    for (String key : headers.keySet()) {
      if (key.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
