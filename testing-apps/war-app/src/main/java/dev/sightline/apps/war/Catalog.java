package dev.sightline.apps.war;

import java.math.BigDecimal;
import java.util.Map;

/** What the shop sells, and at what unit price. */
final class Catalog {

  static final Map<String, BigDecimal> PRICES = Map.of(
      "book", new BigDecimal("12.50"),
      "mug", new BigDecimal("8.00"),
      "pen", new BigDecimal("1.20"),
      "lamp", new BigDecimal("30.00"));

  private Catalog() {}
}
