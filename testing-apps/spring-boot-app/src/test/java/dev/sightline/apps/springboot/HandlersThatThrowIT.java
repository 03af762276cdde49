package dev.sightline.apps.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Nothing the agent does wrong reaches a Spring Boot application: with the test-only switch
 * {@code sightline.test.handlers-fail=true} every handler behind every piece of advice throws
 * (servlet and Spring MVC, both HTTP clients, JDBC, Kafka and spring-kafka, AMQP and spring-rabbit,
 * the thread hand-offs, the OpenTelemetry API and {@code @WithSpan}, Logback), and the order service
 * answers, confirms, stores and audits exactly as it does without the agent.
 */
class HandlersThatThrowIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void theOrderServiceWorksAsWithoutTheAgentWhileEveryHandlerThrows() {
    try (RunningBootApp boot = RunningBootApp.start("-handlers-fail", Map.of("sightline.test.handlers-fail", "true"))) {
      Http.Response placed = Http.post(boot.url("/orders"), "{\"product\":\"book\",\"quantity\":3}",
          "Content-Type", "application/json");
      assertEquals(201, placed.status(), placed.body());
      long orderId = ((Number) Json.object(placed.body()).get("id")).longValue();
      assertEquals(422, Http.post(boot.url("/orders"), "{\"product\":\"nothing\",\"quantity\":1}",
          "Content-Type", "application/json").status());

      // The record listener confirmed it, the batch listener stored its lines, the AMQP listener audited it.
      Map<String, Object> order = Map.of();
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (System.nanoTime() < deadline) {
        order = Json.object(Http.get(boot.url("/orders/" + orderId)).body());
        if ("CONFIRMED".equals(order.get("status")) && ((Number) order.get("auditRecords")).intValue() == 1
            && ((Number) order.get("lineRecords")).intValue() == 3) {
          break;
        }
        sleep(200);
      }
      assertEquals("CONFIRMED", order.get("status"), String.valueOf(order));
      assertEquals(1, ((Number) order.get("auditRecords")).intValue(), String.valueOf(order));
      assertEquals(3, ((Number) order.get("lineRecords")).intValue(), String.valueOf(order));

      // The application's own OpenTelemetry calls and @WithSpan bean still answer.
      Http.Response lookup = Http.get(boot.url("/lookups/book"));
      assertEquals(200, lookup.status(), lookup.body());
      assertEquals(12.5, ((Number) Json.object(lookup.body()).get("unitPrice")).doubleValue());

      boot.app.assertHandlerFailuresStayedInside(10);
      assertTrue(boot.app.log().lines().noneMatch(line -> line.contains(" ERROR ")), "no error logged by the application: "
          + boot.app.logFile());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
