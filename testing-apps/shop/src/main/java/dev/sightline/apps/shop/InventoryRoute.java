package dev.sightline.apps.shop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /inventory?product=P}: whether the warehouse can ship it. The discontinued product's
 * warehouse system is down (503), so a share of the load fails on the server side too.
 */
final class InventoryRoute implements HttpHandler {

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String product = Exchanges.query(exchange).getOrDefault("product", "");
      if (product.equals(Catalog.DISCONTINUED)) {
        Exchanges.respond(exchange, 503, JsonText.error("warehouse system for " + product + " unavailable"));
        return;
      }
      Exchanges.respond(exchange, 200, JsonText.object(Map.of("product", product, "available", true)));
    }
  }
}
