package dev.sightline.apps.threads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * What the app's tasks call: an H2 database in memory (each query names its route in a column
 * alias, {@code SELECT COUNT(*) AS fixed_pool FROM items}, which the agent's sanitizing keeps) and
 * this app's own {@code /hello} through the JDK HttpClient ({@code /hello?from=fixed-pool}).
 */
final class Backends {

  private final JdbcConnectionPool database =
      JdbcConnectionPool.create("jdbc:h2:mem:threads;DB_CLOSE_DELAY=-1", "sa", "");
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private volatile String baseUrl;

  Backends() throws SQLException {
    try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
      statement.execute("INSERT INTO items (id, name) VALUES (1, 'lamp'), (2, 'mug'), (3, 'pen')");
      statement.execute("CREATE TABLE thread_probe (pool VARCHAR(32) NOT NULL, thread_name VARCHAR(128) NOT NULL)");
    }
  }

  void baseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** {@code SELECT COUNT(*) AS <alias> FROM items}. */
  long count(String alias) {
    try (Connection connection = database.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) AS " + alias + " FROM items");
        ResultSet rows = query.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code INSERT INTO thread_probe}: the probe's query. */
  void probeInsert(String pool) {
    try (Connection connection = database.getConnection();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO thread_probe (pool, thread_name) VALUES (?, ?)")) {
      insert.setString(1, pool);
      insert.setString(2, Thread.currentThread().getName());
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** GET {@code /hello?from=<from>} on this app; its status. */
  int hello(String from) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/hello?from=" + from))
        .timeout(Duration.ofSeconds(10)).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
