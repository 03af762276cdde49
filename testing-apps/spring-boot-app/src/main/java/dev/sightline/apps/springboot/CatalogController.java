package dev.sightline.apps.springboot;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import java.math.BigDecimal;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The pricing and inventory services the order flow calls over HTTP (served by this same app). */
@RestController
public class CatalogController {

  /** Unit prices; any other product is unknown (404). */
  static final Map<String, BigDecimal> PRICES = Map.of(
      "book", new BigDecimal("12.50"),
      "pen", new BigDecimal("1.20"),
      "mug", new BigDecimal("6.00"),
      "lamp", new BigDecimal("24.90"));

  public record Price(String product, BigDecimal unitPrice) {}

  public record Stock(String product, int available) {}

  @GetMapping("/pricing/{product}")
  public ResponseEntity<Price> price(@PathVariable("product") String product) {
    // A caller's baggage, read through the OpenTelemetry API, noted on this request's span.
    String tenant = Baggage.current().getEntryValue("tenant");
    if (tenant != null) {
      Span.current().setAttribute("app.tenant", tenant);
    }
    BigDecimal price = PRICES.get(product);
    return price == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(new Price(product, price));
  }

  @GetMapping("/inventory/{product}")
  public ResponseEntity<Stock> stock(@PathVariable("product") String product) {
    return PRICES.containsKey(product)
        ? ResponseEntity.ok(new Stock(product, 100))
        : ResponseEntity.notFound().build();
  }
}
