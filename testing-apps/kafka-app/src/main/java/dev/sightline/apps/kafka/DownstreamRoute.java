package dev.sightline.apps.kafka;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/** Stands in for another service that is told about each processed order. */
final class DownstreamRoute implements HttpHandler {

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      OrdersRoute.respond(exchange, 200, "{\"notified\":true}");
    }
  }
}
