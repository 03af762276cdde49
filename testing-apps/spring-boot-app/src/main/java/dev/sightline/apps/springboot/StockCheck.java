package dev.sightline.apps.springboot;

import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** How many of a product were ordered: a Spring bean whose method is a span of its own through {@code @WithSpan}. */
@Component
public class StockCheck {

  private final JdbcTemplate jdbc;

  public StockCheck(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @WithSpan("check-stock")
  public long ordered(@SpanAttribute("product") String product) {
    Long ordered = jdbc.queryForObject("SELECT COALESCE(SUM(quantity), 0) FROM orders WHERE product = ?", Long.class, product);
    return ordered == null ? 0 : ordered;
  }
}
