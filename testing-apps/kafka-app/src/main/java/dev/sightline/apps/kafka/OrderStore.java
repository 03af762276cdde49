package dev.sightline.apps.kafka;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The processed orders, in a database reached through plain JDBC. */
final class OrderStore {

  private final String url;

  private OrderStore(String url) {
    this.url = url;
  }

  static OrderStore open(String url) throws SQLException {
    OrderStore store = new OrderStore(url);
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS processed_orders ("
          + "id VARCHAR(64) PRIMARY KEY, body VARCHAR(4000), topic_partition INT, record_offset BIGINT)");
    }
    return store;
  }

  void save(String id, String body, int partition, long offset) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO processed_orders (id, body, topic_partition, record_offset) VALUES (?, ?, ?, ?)")) {
      insert.setString(1, id);
      insert.setString(2, body);
      insert.setInt(3, partition);
      insert.setLong(4, offset);
      insert.executeUpdate();
    }
  }

  int count() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM processed_orders");
        ResultSet rows = query.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
