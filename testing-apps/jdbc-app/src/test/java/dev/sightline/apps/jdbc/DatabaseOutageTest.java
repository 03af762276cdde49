package dev.sightline.apps.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/**
 * A database that goes down and comes back: the reporting database is an H2 server (in the test's
 * JVM, on a port of its own) that the test stops and starts again. While it is down the application
 * answers as it does without the agent (503 with H2's SQLState), {@code /health} turns DOWN naming
 * it and the request's span carries the failure; once it is back, the same requests succeed and
 * {@code /health} is UP again.
 */
class DatabaseOutageTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Test
  void theDatabaseGoesDownAndComesBackAndHealthFollows() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "h2-outage-");
    int port = TestApp.freePort();
    Server database = startDatabase(port, dir);
    String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/reports;USER=sa";
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE orders (status VARCHAR(16))");
      statement.execute("INSERT INTO orders VALUES ('NEW'), ('NEW'), ('SHIPPED')");
    }
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TestApp app = TestApp.builder(JdbcApp.class.getName())
            .name("jdbc-app-outage")
            .serviceName("jdbc-app-outage")
            .otlp(receiver)
            .args("--port", "0", "--jdbc-url", "jdbc:h2:mem:outage;DB_CLOSE_DELAY=-1",
                "--reports-url", url, "--table", "orders")
            .start()) {
      String base = "http://127.0.0.1:" + app.awaitListeningPort("jdbc-app", PATIENCE);
      assertEquals("{\"NEW\":2,\"SHIPPED\":1}", answer(base, 200));
      assertEquals("UP", reportsDependency(app).get("status"));

      database.stop();
      long downAt = System.nanoTime();
      String refused = answer(base, 503);
      // H2's own code for a connection it cannot open (90067), as the application sees it without the agent.
      assertEquals("90067", Json.object(refused).get("sqlState"), refused);
      Http.Response health = Http.get(app.endpointUrl("/health"));
      assertEquals(503, health.status(), health.body());
      assertEquals("DOWN", reportsDependency(app).get("status"));
      ReceivedSpan failed = receiver.awaitSpan(span -> "SERVER".equals(span.kind()) && "/reports".equals(span.attr("url.path"))
          && Long.valueOf(503).equals(span.longAttr("http.response.status_code")), PATIENCE);
      assertEquals("503", failed.attr("error.type"), failed.toString());

      database = startDatabase(port, dir);
      assertEquals("{\"NEW\":2,\"SHIPPED\":1}", answer(base, 200));
      assertEquals("UP", reportsDependency(app).get("status"), "UP again once a connection succeeds");
      assertEquals(200, Http.get(app.endpointUrl("/health")).status());
      System.out.printf("[outage] down and back up in %.1f s%n", (System.nanoTime() - downAt) / 1e9);
      app.assertAgentQuiet();
    } finally {
      database.stop();
    }
  }

  private static Server startDatabase(int port, Path dir) throws SQLException {
    return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString(), "-ifNotExists").start();
  }

  private static String answer(String base, int status) {
    Http.Response response = Http.get(base + "/reports");
    assertEquals(status, response.status(), response.body());
    return response.body();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> reportsDependency(TestApp app) {
    Predicate<Map<String, Object>> reports = d -> "db".equals(d.get("type")) && String.valueOf(d.get("name")).contains("reports");
    Map<String, Object> health = Json.object(Http.get(app.endpointUrl("/health")).body());
    return ((List<Object>) health.get("dependencies")).stream()
        .map(d -> (Map<String, Object>) d)
        .filter(reports)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no reports database in " + health));
  }
}
