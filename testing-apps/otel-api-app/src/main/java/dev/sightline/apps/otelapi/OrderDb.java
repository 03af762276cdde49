package dev.sightline.apps.otelapi;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The orders table in H2 in memory. A connection per call, as a pool would hand out: the named
 * database outlives them ({@code DB_CLOSE_DELAY=-1}).
 */
final class OrderDb {

  private final String url;

  private OrderDb(String url) {
    this.url = url;
  }

  static OrderDb create(String url) throws SQLException {
    OrderDb db = new OrderDb(url);
    try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS orders(id VARCHAR(64), amount INT)");
    }
    return db;
  }

  void insert(String id, int amount) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO orders VALUES (?, ?)")) {
      insert.setString(1, id);
      insert.setInt(2, amount);
      insert.executeUpdate();
    }
  }

  long count() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM orders")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }
}
