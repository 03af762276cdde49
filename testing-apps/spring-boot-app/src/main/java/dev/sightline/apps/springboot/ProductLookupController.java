package dev.sightline.apps.springboot;

import dev.sightline.apps.springboot.CatalogController.Price;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * {@code GET /lookups/{product}}: a service's own use of the OpenTelemetry API, as a team adds it
 * for a few business spans and counters. A manual span around the lookup, with baggage for the
 * pricing call, a {@code @WithSpan} stock check, and a counter by product; it answers the ids of
 * {@code Span.current()} as the controller saw it.
 */
@RestController
public class ProductLookupController {

  private static final Tracer TRACER = GlobalOpenTelemetry.getTracer("spring-boot-app", "1.0");
  private static final LongCounter LOOKUPS = GlobalOpenTelemetry.getMeter("spring-boot-app")
      .counterBuilder("catalog.lookups").setDescription("Product lookups, by product").build();

  private final RestClient pricingClient;
  private final StockCheck stockCheck;

  public ProductLookupController(@Qualifier("pricingClient") RestClient pricingClient, StockCheck stockCheck) {
    this.pricingClient = pricingClient;
    this.stockCheck = stockCheck;
  }

  @GetMapping("/lookups/{product}")
  @SuppressWarnings("try")
  public Map<String, Object> lookup(@PathVariable("product") String product, HttpServletRequest request) {
    Span server = Span.current();
    LOOKUPS.add(1, Attributes.of(AttributeKey.stringKey("product"), product));
    Span lookup = TRACER.spanBuilder("lookup-product").setAttribute("product", product).startSpan();
    try (Scope inLookup = lookup.makeCurrent();
        Scope withTenant = Baggage.current().toBuilder().put("tenant", "acme").build().makeCurrent()) {
      Price price = pricingClient.get()
          .uri("http://127.0.0.1:" + request.getLocalPort() + "/pricing/{product}", product)
          .retrieve().body(Price.class);
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("serverTraceId", server.getSpanContext().getTraceId());
      answer.put("serverSpanId", server.getSpanContext().getSpanId());
      answer.put("lookupSpanId", lookup.getSpanContext().getSpanId());
      answer.put("unitPrice", price == null ? null : price.unitPrice());
      answer.put("ordered", stockCheck.ordered(product));
      return answer;
    } finally {
      lookup.end();
    }
  }
}
