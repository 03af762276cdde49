package dev.sightline.apps.shop;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * The smallest app with a trace to hide: a JDK HTTP server that it calls once itself, so the
 * agent holds a server and a client span ("GET /hello") for /traces. Starts in a second, which is
 * all EndpointExposureTest needs of an app; it runs until it is stopped.
 */
public final class TracedHelloApp {

  private TracedHelloApp() {}

  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hello", exchange -> {
      byte[] body = "hello\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    call(new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/hello?secret=in-the-url"));
    System.out.println("traced-hello ready");
    Thread.currentThread().join();
  }

  private static void call(URL url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    try (InputStream in = connection.getInputStream()) {
      in.readAllBytes();
    }
  }
}
