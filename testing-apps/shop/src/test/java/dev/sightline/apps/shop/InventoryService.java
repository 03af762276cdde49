package dev.sightline.apps.shop;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * An inventory service of its own, the shop's {@code --inventory-url}: it answers every product as
 * available until {@link #stop()}, after which its port refuses connections, as a service that went
 * down does.
 */
final class InventoryService implements AutoCloseable {

  private final HttpServer server;

  private InventoryService(HttpServer server) {
    this.server = server;
  }

  static InventoryService start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/inventory", exchange -> {
        byte[] body = "{\"available\":true}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
      return new InventoryService(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  void stop() {
    server.stop(0);
  }

  @Override
  public void close() {
    stop();
  }
}
