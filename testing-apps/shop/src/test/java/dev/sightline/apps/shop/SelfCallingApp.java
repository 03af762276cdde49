package dev.sightline.apps.shop;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A JDK HTTP server that calls itself a few times, so the agent records server and client
 * durations; starts in about a second, where the shop's brokers take ten. Runs until stopped.
 */
public final class SelfCallingApp {

  private SelfCallingApp() {}

  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ping", exchange -> {
      byte[] body = "pong\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    for (int i = 0; i < 5; i++) {
      HttpURLConnection connection = (HttpURLConnection) URI.create(
          "http://127.0.0.1:" + server.getAddress().getPort() + "/ping").toURL().openConnection();
      try (InputStream in = connection.getInputStream()) {
        in.readAllBytes();
      }
    }
    System.out.println("self-calling app ready");
    Thread.currentThread().join();
  }
}
