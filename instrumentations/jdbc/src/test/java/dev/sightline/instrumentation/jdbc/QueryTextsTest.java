package dev.sightline.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QueryTextsTest {

  @Test
  void sanitizesByDefaultAndSummarizesTheRawText() {
    QueryTexts texts = new QueryTexts(true, 2048);
    QueryTexts.Query query = texts.plain("insert into orders (id, card) values (7, '4111111111111111')", SqlDialect.STANDARD);
    assertEquals("insert into orders (id, card) values (?, ?)", query.text);
    assertEquals("INSERT", query.summary.operation());
    assertEquals("orders", query.summary.collection());
    assertFalse(query.blank);
  }

  @Test
  void mysqlDoubleQuotedStringsAreLiterals() {
    QueryTexts texts = new QueryTexts(true, 2048);
    String sql = "SELECT * FROM users WHERE name = \"s3cr3t\"";
    assertFalse(texts.plain(sql, SqlDialect.MYSQL).text.contains("s3cr3t"));
  }

  @Test
  void rawTextWhenSanitizingIsOffStillCut() {
    QueryTexts texts = new QueryTexts(false, 20);
    QueryTexts.Query query = texts.plain("SELECT * FROM orders WHERE id = 42", SqlDialect.STANDARD);
    assertEquals("SELECT * FROM orders", query.text);
    assertEquals("SELECT", query.summary.operation());
    assertEquals("orders", query.summary.collection());
  }

  @Test
  void preparedTextsAreCachedPlainOnesAreNot() {
    QueryTexts texts = new QueryTexts(true, 2048);
    String sql = "SELECT id FROM orders WHERE id = ?";
    assertSame(texts.prepared(sql, SqlDialect.STANDARD), texts.prepared(new String(sql), SqlDialect.STANDARD));
    assertFalse(texts.prepared(sql, SqlDialect.STANDARD) == texts.prepared(sql, SqlDialect.MYSQL));
    assertFalse(texts.plain(sql, SqlDialect.STANDARD) == texts.plain(sql, SqlDialect.STANDARD));
  }

  @Test
  void emptyStatementsAreDriverPings() {
    QueryTexts texts = new QueryTexts(true, 2048);
    assertTrue(texts.prepared("", SqlDialect.STANDARD).blank);
    assertTrue(texts.plain("  ", SqlDialect.STANDARD).blank);
    QueryTexts.Query unknown = texts.plain(null, SqlDialect.STANDARD);
    assertNull(unknown.text);
    assertNull(unknown.summary.operation());
  }
}
