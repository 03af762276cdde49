package dev.sightline.apps.shop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;

/** {@code GET /pricing?product=P&quantity=N}: the total price, or 404 for a product not sold here. */
final class PricingRoute implements HttpHandler {

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> query = Exchanges.query(exchange);
      BigDecimal price = Catalog.PRICES.get(query.getOrDefault("product", ""));
      if (price == null) {
        Exchanges.respond(exchange, 404, JsonText.error("unknown product"));
        return;
      }
      int quantity;
      try {
        quantity = Integer.parseInt(query.getOrDefault("quantity", "1"));
      } catch (NumberFormatException e) {
        Exchanges.respond(exchange, 400, JsonText.error("bad quantity"));
        return;
      }
      Exchanges.respond(exchange, 200, JsonText.object(Map.of(
          "product", query.get("product"), "unitPrice", price, "total", price.multiply(BigDecimal.valueOf(quantity)))));
    }
  }
}
