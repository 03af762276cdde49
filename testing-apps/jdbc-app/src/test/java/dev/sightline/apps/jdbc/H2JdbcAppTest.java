package dev.sightline.apps.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** jdbc-app on H2 in memory, plus the switch that turns sanitizing off and an unreachable database. */
class H2JdbcAppTest extends JdbcAppContract {

  H2JdbcAppTest() {
    super(Database.h2());
  }

  @Test
  void queryTextIsRawWhenSanitizingIsSwitchedOff() {
    Duration wait = Duration.ofSeconds(30);
    int port = TestApp.freePort();
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TestApp app = TestApp.builder(JdbcApp.class.getName())
            .name("jdbc-app-unsanitized")
            .otlp(receiver)
            .sysprop("sightline.jdbc.sanitize", "false")
            .args("--port", Integer.toString(port), "--jdbc-url", "jdbc:h2:mem:raw;DB_CLOSE_DELAY=-1", "--table", "plain")
            .start()) {
      app.awaitLog("jdbc-app listening on port", wait);
      Http.Response created = Http.post("http://127.0.0.1:" + port + "/orders/legacy?customer=ann&item=cup&quantity=3", "");
      assertEquals(201, created.status(), created.body());
      ReceivedSpan insert = receiver.awaitSpan(s -> "INSERT plain".equals(s.name()), wait);
      String id = created.body().replaceAll("\\D", "");
      assertEquals("INSERT INTO plain (id, customer, item, quantity, status, card) VALUES (" + id
          + ", 'ann', 'cup', 3, 'NEW', NULL)", insert.attr("db.query.text"));
      assertEquals("h2database", insert.attr("db.system.name"));
      assertEquals("raw", insert.attr("db.namespace"));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aDatabaseThatRefusesConnectionsIsDownInHealth() {
    Duration wait = Duration.ofSeconds(30);
    int port = TestApp.freePort();
    int nobodyListens = TestApp.freePort();
    String replica = "postgresql://127.0.0.1:" + nobodyListens + "/reports";
    try (TestApp app = TestApp.builder(JdbcApp.class.getName())
        .name("jdbc-app-replica-down")
        .sysprop("otel.traces.exporter", "none")
        .args("--port", Integer.toString(port), "--jdbc-url", "jdbc:h2:mem:replica;DB_CLOSE_DELAY=-1",
            "--reports-url", "jdbc:" + replica, "--table", "orders")
        .start()) {
      app.awaitLog("jdbc-app listening on port", wait);
      Http.Response report = Http.get("http://127.0.0.1:" + port + "/reports");
      assertEquals(503, report.status(), report.body());
      assertTrue(((String) Json.object(report.body()).get("sqlState")).startsWith("08"), report.body());

      Http.Response health = Http.get(app.endpointUrl("/health"));
      assertEquals(503, health.status(), "a database that is down makes the service DOWN: " + health.body());
      Map<String, Object> dependency = ((List<Object>) Json.object(health.body()).get("dependencies")).stream()
          .map(d -> (Map<String, Object>) d)
          .filter(d -> replica.equals(d.get("name")))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no dependency " + replica + " in " + health.body()));
      assertEquals("db", dependency.get("type"));
      assertEquals("DOWN", dependency.get("status"), dependency.toString());
      assertEquals("down", dependency.get("lastOutcome"), dependency.toString());
    }
  }
}
