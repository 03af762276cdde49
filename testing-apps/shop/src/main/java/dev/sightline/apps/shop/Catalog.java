package dev.sightline.apps.shop;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** What the shop sells. The typewriter is listed but its warehouse system is down: it always fails. */
final class Catalog {

  static final Map<String, BigDecimal> PRICES = Map.of(
      "book", new BigDecimal("12.50"),
      "pen", new BigDecimal("1.20"),
      "mug", new BigDecimal("7.90"),
      "lamp", new BigDecimal("34.00"),
      "typewriter", new BigDecimal("180.00"));

  static final String DISCONTINUED = "typewriter";

  /** Products that order normally, for the load loop. */
  static final List<String> IN_STOCK = List.of("book", "pen", "mug", "lamp");

  private Catalog() {}
}
