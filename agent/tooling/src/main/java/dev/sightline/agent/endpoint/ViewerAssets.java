package dev.sightline.agent.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The trace viewer's three files, from the agent jar. A fixed table from route to resource, so
 * no request path ever becomes a file or resource name. Read at the first request, not in
 * premain, and kept (tens of KB).
 */
final class ViewerAssets {

  static final Set<String> ROUTES = Set.of("/", "/viewer.js", "/viewer.css");

  private static final String FOLDER = "/dev/sightline/agent/endpoint/viewer/";
  private static final Map<String, String[]> FILES = Map.of(
      "/", new String[] {"index.html", "text/html; charset=utf-8"},
      "/viewer.js", new String[] {"viewer.js", "text/javascript; charset=utf-8"},
      "/viewer.css", new String[] {"viewer.css", "text/css; charset=utf-8"});

  /**
   * The page loads nothing but its own script, style and JSON: no inline script, no other
   * origin, no framing, so attribute values shown in it (URLs, SQL, user agents) cannot become
   * code even if a rendering bug let them through.
   */
  private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private volatile Map<String, byte[]> loaded;

  void serve(String route, EndpointExchange exchange) {
    String[] file = FILES.get(route);
    byte[] bytes = files().get(route);
    exchange.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    exchange.setHeader("X-Frame-Options", "DENY");
    exchange.setHeader("Referrer-Policy", "no-referrer");
    exchange.respond(200, file[1], bytes);
  }

  private Map<String, byte[]> files() {
    Map<String, byte[]> files = loaded;
    if (files == null) {
      Map<String, byte[]> read = new HashMap<>();
      for (Map.Entry<String, String[]> file : FILES.entrySet()) {
        read.put(file.getKey(), read(file.getValue()[0]));
      }
      files = Map.copyOf(read);
      loaded = files;
    }
    return files;
  }

  private static byte[] read(String name) {
    try (InputStream in = ViewerAssets.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException("viewer file " + name + " is missing from the agent jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
