package dev.sightline.apps.jdbc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * {@code POST /storm?distinct=N&bytes=B&offset=K}: what code generators and careless string building
 * do to a database: N statements whose texts all differ (a distinct column alias each, numbered
 * from K, half of them prepared), then one statement of about B bytes. Answers {@code {"statements":N+1}}.
 */
final class SqlStorm implements HttpHandler {

  private final DataSource dataSource;
  private final String table;

  SqlStorm(DataSource dataSource, String table) {
    this.dataSource = dataSource;
    this.table = table;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String query = exchange.getRequestURI().getQuery();
      int distinct = parameter(query, "distinct", 1000);
      int bytes = parameter(query, "bytes", 1024);
      int offset = parameter(query, "offset", 0);
      int status = 200;
      String body;
      try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
        for (int i = 0; i < distinct; i++) {
          String sql = "SELECT COUNT(*) AS storm_" + (offset + i) + " FROM " + table;
          if (i % 2 == 0) {
            try (ResultSet rows = statement.executeQuery(sql)) {
              rows.next();
            }
          } else {
            try (PreparedStatement prepared = connection.prepareStatement(sql); ResultSet rows = prepared.executeQuery()) {
              rows.next();
            }
          }
        }
        try (ResultSet rows = statement.executeQuery("SELECT LENGTH('" + "x".repeat(Math.max(1, bytes - 32)) + "') AS big")) {
          rows.next();
        }
        body = "{\"statements\":" + (distinct + 1) + "}";
      } catch (SQLException e) {
        status = 500;
        body = "{\"sqlState\":\"" + e.getSQLState() + "\"}";
      }
      Routes.respond(exchange, status, body);
    }
  }

  private static int parameter(String query, String name, int fallback) {
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith(name + "=")) {
          return Integer.parseInt(pair.substring(name.length() + 1));
        }
      }
    }
    return fallback;
  }
}
