package dev.sightline.apps.jdbc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * {@code GET /reports}: order counts by status, read from the reporting database over a fresh
 * DriverManager connection (no pool), as report jobs often do. 503 with the SQLState when that
 * database cannot be reached.
 */
final class Reports implements HttpHandler {

  private final String url;
  private final Properties credentials = new Properties();
  private final String table;

  Reports(String url, String user, String password, String table) {
    this.url = url;
    this.table = table;
    if (!user.isEmpty()) {
      credentials.setProperty("user", user);
    }
    if (!password.isEmpty()) {
      credentials.setProperty("password", password);
    }
    DriverManager.setLoginTimeout(5);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int status;
      String body;
      try (Connection connection = DriverManager.getConnection(url, credentials);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT status, COUNT(*) FROM " + table + " GROUP BY status")) {
        StringBuilder counts = new StringBuilder("{");
        while (rows.next()) {
          counts.append(counts.length() > 1 ? "," : "").append('"').append(rows.getString(1)).append("\":").append(rows.getLong(2));
        }
        status = 200;
        body = counts.append('}').toString();
      } catch (SQLException e) {
        status = 503;
        body = "{\"sqlState\":\"" + e.getSQLState() + "\"}";
      }
      Routes.respond(exchange, status, body);
    }
  }
}
