package dev.sightline.apps.springboot;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A class-level mapping with method mappings below it: {@code GET
 * /catalog/{category}/products/{product}} answers the product's price and how many orders name it.
 */
@RestController
@RequestMapping("/catalog")
public class ProductController {

  private final JdbcTemplate jdbc;

  public ProductController(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @GetMapping("/{category}/products/{product}")
  public ResponseEntity<Map<String, Object>> product(@PathVariable("category") String category,
      @PathVariable("product") String product) {
    if (!CatalogController.PRICES.containsKey(product)) {
      return ResponseEntity.status(404).body(Map.of("error", "no product " + product));
    }
    Long orders = jdbc.queryForObject("SELECT COUNT(*) AS catalog_orders FROM orders WHERE product = ?",
        Long.class, product);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("category", category);
    body.put("product", product);
    body.put("unitPrice", CatalogController.PRICES.get(product));
    body.put("orders", orders);
    return ResponseEntity.ok(body);
  }
}
