package dev.sightline.apps.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Orders in one table, through plain JDBC: prepared statements for the normal paths, a plain
 * statement with the values written into the SQL for the "legacy import" paths, and a statement
 * on a table that does not exist. Ids are made here so the SQL is the same on every database.
 */
final class OrderStore {

  private final DataSource dataSource;
  private final String table;
  private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);

  OrderStore(DataSource dataSource, String table) {
    this.dataSource = dataSource;
    this.table = table;
  }

  void createTable() throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
      statement.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, customer VARCHAR(100) NOT NULL,"
          + " item VARCHAR(100) NOT NULL, quantity INT NOT NULL, status VARCHAR(20) NOT NULL, card VARCHAR(40))");
    }
  }

  void dropTable() throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  long insert(String customer, String item, int quantity) throws SQLException {
    long id = ids.incrementAndGet();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO " + table + " (id, customer, item, quantity, status) VALUES (?, ?, ?, ?, 'NEW')")) {
      insert.setLong(1, id);
      insert.setString(2, customer);
      insert.setString(3, item);
      insert.setInt(4, quantity);
      insert.executeUpdate();
    }
    return id;
  }

  /** The old code path: values concatenated into the SQL (quotes doubled), card number included. */
  long insertLegacy(String customer, String item, int quantity, String card) throws SQLException {
    long id = ids.incrementAndGet();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO " + table + " (id, customer, item, quantity, status, card) VALUES ("
          + id + ", " + quote(customer) + ", " + quote(item) + ", " + quantity + ", 'NEW', " + quote(card) + ")");
    }
    return id;
  }

  Map<String, Object> find(long id) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(
            "SELECT id, customer, item, quantity, status FROM " + table + " WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return null;
        }
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", row.getLong("id"));
        order.put("customer", row.getString("customer"));
        order.put("item", row.getString("item"));
        order.put("quantity", row.getInt("quantity"));
        order.put("status", row.getString("status"));
        return order;
      }
    }
  }

  boolean ship(long id) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement(
            "UPDATE " + table + " SET status = 'SHIPPED' WHERE id = ? AND status = 'NEW'")) {
      update.setLong(1, id);
      return update.executeUpdate() == 1;
    }
  }

  /** One prepared INSERT run for every item, as a JDBC batch. */
  List<Long> insertBatch(String customer, List<String> items) throws SQLException {
    List<Long> created = new java.util.ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO " + table + " (id, customer, item, quantity, status) VALUES (?, ?, ?, 1, 'NEW')")) {
      for (String item : items) {
        long id = ids.incrementAndGet();
        insert.setLong(1, id);
        insert.setString(2, customer);
        insert.setString(3, item);
        insert.addBatch();
        created.add(id);
      }
      insert.executeBatch();
    }
    return created;
  }

  /** The old import: a plain statement batch, each INSERT with its values in the text. */
  List<Long> importLegacy(String customer, List<String> items, String card) throws SQLException {
    List<Long> created = new java.util.ArrayList<>();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      for (String item : items) {
        long id = ids.incrementAndGet();
        statement.addBatch("INSERT INTO " + table + " (id, customer, item, quantity, status, card) VALUES ("
            + id + ", " + quote(customer) + ", " + quote(item) + ", 1, 'NEW', " + quote(card) + ")");
        created.add(id);
      }
      statement.executeBatch();
    }
    return created;
  }

  /** A statement on a table nobody created: the database refuses it. */
  void failingQuery() throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT id FROM missing_" + table + " WHERE id = 1");
    }
  }

  private static String quote(String value) {
    return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
  }
}
