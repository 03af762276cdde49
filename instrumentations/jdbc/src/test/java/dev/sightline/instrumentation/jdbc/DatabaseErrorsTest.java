package dev.sightline.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseErrorsTest {

  private final DatabaseErrors sanitizing = new DatabaseErrors(true);

  @Test
  void postgresKeyValuesAreReplaced() {
    String message = sanitizing.message(new SQLException(
        "ERROR: duplicate key value violates unique constraint \"users_email_key\"\n"
            + "  Detail: Key (email)=('alice@example.com') already exists.", "23505"));
    assertFalse(message.contains("alice"), message);
    assertTrue(message.contains("users_email_key"), message);
  }

  @Test
  void mysqlDuplicateEntryValueIsReplaced() {
    String message = sanitizing.message(new SQLException("Duplicate entry '4111111111111111' for key 'PRIMARY'"));
    assertFalse(message.contains("4111111111111111"), message);
  }

  @Test
  void aQuotedStatementLosesItsLiterals() {
    String message = sanitizing.message(new SQLException(
        "Unique index or primary key violation: \"PUBLIC.PK ON PUBLIC.ORDERS(ID) VALUES ( /* 1 */ 424242 )\"; SQL statement:\n"
            + "INSERT INTO orders VALUES (424242, 'secret-token') [23505-232]"));
    assertFalse(message.contains("424242"), message);
    assertFalse(message.contains("secret-token"), message);
    assertTrue(message.contains("INSERT INTO orders"), message);
  }

  @Test
  void rawMessagesWhenSanitizingIsOff() {
    SQLException error = new SQLException("Duplicate entry '42' for key 'PRIMARY'");
    assertEquals(error.getMessage(), new DatabaseErrors(false).message(error));
    assertNull(sanitizing.message(new SQLException((String) null)));
  }
}
