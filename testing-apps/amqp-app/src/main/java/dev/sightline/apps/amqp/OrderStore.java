package dev.sightline.apps.amqp;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Processed messages: a row in H2 per message, and what the consumers saw, for GET /received. */
final class OrderStore {

  private static final String URL = "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1";

  /** What a consumer received, as it saw it. */
  record Received(
      String consumer,
      String queue,
      String exchange,
      String routingKey,
      String messageId,
      String contentType,
      String appId,
      String xApp,
      boolean traceparentHeader,
      String body,
      int downstreamStatus) {}

  private final List<Received> received = new ArrayList<>();

  OrderStore() throws SQLException {
    try (Connection connection = DriverManager.getConnection(URL);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS processed (id IDENTITY PRIMARY KEY, message_id VARCHAR(100),"
              + " queue VARCHAR(200), body VARCHAR(4000))");
    }
  }

  void insert(String messageId, String queue, String body) throws SQLException {
    try (Connection connection = DriverManager.getConnection(URL);
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO processed (message_id, queue, body) VALUES (?, ?, ?)")) {
      insert.setString(1, messageId);
      insert.setString(2, queue);
      insert.setString(3, body);
      insert.executeUpdate();
    }
  }

  synchronized void record(Received message) {
    received.add(message);
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }
}
