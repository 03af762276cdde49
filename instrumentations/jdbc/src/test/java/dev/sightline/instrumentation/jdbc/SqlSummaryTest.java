package dev.sightline.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SqlSummaryTest {

  // A linear pass over 10 MB takes about 0.1 s and a quadratic one hours; the rest is headroom
  // for a busy build machine.
  private static final Duration TEN_MEGABYTE_BOUND = Duration.ofSeconds(10);

  private static void assertSummary(String sql, String operation, String collection) {
    SqlSummary summary = SqlSummary.of(sql);
    assertEquals(operation, summary.operation(), () -> "operation of " + sql);
    assertEquals(collection, summary.collection(), () -> "collection of " + sql);
  }

  @Test
  void readsOperationAndTableOfEachStatementKind() {
    assertSummary("SELECT * FROM orders WHERE id = 42 AND name = 'x'", "SELECT", "orders");
    assertSummary("INSERT INTO orders (id) VALUES (?)", "INSERT", "orders");
    assertSummary("UPDATE orders SET a = 1 WHERE id = ?", "UPDATE", "orders");
    assertSummary("DELETE FROM orders WHERE id = ?", "DELETE", "orders");
    assertSummary(
        "MERGE INTO orders t USING (VALUES (?, ?)) AS s (id, total) ON t.id = s.id"
            + " WHEN MATCHED THEN UPDATE SET total = s.total"
            + " WHEN NOT MATCHED THEN INSERT (id, total) VALUES (s.id, s.total)",
        "MERGE",
        "orders");
    assertSummary("CREATE TABLE orders (id int, note varchar(10))", "CREATE", "orders");
    assertSummary("DROP TABLE orders", "DROP", "orders");
    assertSummary("TRUNCATE TABLE orders", "TRUNCATE", "orders");
    assertSummary("TRUNCATE orders", "TRUNCATE", "orders");
    assertSummary("ALTER TABLE orders ADD COLUMN note text", "ALTER", "orders");
  }

  @Test
  void skipsModifiersBeforeTheTable() {
    assertSummary(
        "CREATE GLOBAL TEMPORARY TABLE IF NOT EXISTS scratch (id int)", "CREATE", "scratch");
    assertSummary("CREATE OR REPLACE TABLE scratch (id int)", "CREATE", "scratch");
    assertSummary("DROP TEMPORARY TABLE IF EXISTS scratch", "DROP", "scratch");
    assertSummary("ALTER TABLE IF EXISTS ONLY scratch RENAME TO old", "ALTER", "scratch");
    assertSummary("INSERT IGNORE INTO orders VALUES (1)", "INSERT", "orders");
    assertSummary("INSERT OR REPLACE INTO kv VALUES (1)", "INSERT", "kv");
    assertSummary("REPLACE INTO kv VALUES (1)", "REPLACE", "kv");
    assertSummary("INSERT orders VALUES (1)", "INSERT", "orders");
    assertSummary("DELETE TOP (10) FROM orders WHERE a = 1", "DELETE", "orders");
    assertSummary("UPDATE LOW_PRIORITY IGNORE orders SET a = 1", "UPDATE", "orders");
    assertSummary("DELETE orders WHERE a = 1", "DELETE", "orders");
    assertSummary("SELECT * FROM ONLY orders", "SELECT", "orders");
  }

  @Test
  void keepsSchemaAndStripsQuotes() {
    assertSummary("SELECT * FROM public.orders", "SELECT", "public.orders");
    assertSummary("SELECT * FROM \"Order Items\"", "SELECT", "Order Items");
    assertSummary(
        "SELECT * FROM \"sales\".\"Order \"\"Items\"\"\"", "SELECT", "sales.Order \"Items\"");
    assertSummary("SELECT * FROM `shop`.`order items`", "SELECT", "shop.order items");
    assertSummary("SELECT * FROM [dbo].[Order Items] WITH (NOLOCK)", "SELECT", "dbo.Order Items");
    assertSummary("SELECT * FROM #temp WHERE x = 1", "SELECT", "#temp");
    assertSummary("INSERT INTO ##shared VALUES (1)", "INSERT", "##shared");
    assertSummary("SELECT * FROM 顧客", "SELECT", "顧客");
  }

  @Test
  void keepsTheTableNameAsWrittenButUpperCasesTheOperation() {
    assertSummary("select * from Orders o where o.id = 1", "SELECT", "Orders");
  }

  @Test
  void allowsAliasesAndTrailingClauses() {
    assertSummary("SELECT o.id FROM orders o WHERE o.id = 1", "SELECT", "orders");
    assertSummary("SELECT o.id FROM orders AS o ORDER BY o.id, o.total", "SELECT", "orders");
    assertSummary("SELECT * FROM orders LIMIT 10, 20", "SELECT", "orders");
    assertSummary(
        "SELECT EXTRACT(YEAR FROM d), TRIM(BOTH ' ' FROM n) FROM orders", "SELECT", "orders");
    assertSummary("SELECT * FROM orders FOR UPDATE SKIP LOCKED", "SELECT", "orders");
    assertSummary("INSERT INTO orders VALUES (1, 2), (3, 4)", "INSERT", "orders");
    assertSummary(
        "INSERT INTO orders (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = EXCLUDED.a",
        "INSERT",
        "orders");
    assertSummary("(SELECT * FROM orders)", "SELECT", "orders");
    assertSummary("INSERT INTO orders (a) VALUES (?) RETURNING id INTO ?", "INSERT", "orders");
  }

  @Test
  void doesNotGuessWhenSeveralTablesTakePart() {
    assertSummary("SELECT * FROM a JOIN b ON a.id = b.id", "SELECT", null);
    assertSummary("SELECT * FROM a LEFT OUTER JOIN b USING (id)", "SELECT", null);
    assertSummary("SELECT * FROM a, b", "SELECT", null);
    assertSummary("SELECT * FROM a x, b y", "SELECT", null);
    assertSummary("SELECT * FROM a AS x, b AS y", "SELECT", null);
    assertSummary("SELECT * FROM (SELECT * FROM a) x", "SELECT", null);
    assertSummary("SELECT * FROM a WHERE id IN (SELECT id FROM b)", "SELECT", null);
    assertSummary("SELECT (SELECT max(x) FROM b) FROM a", "SELECT", null);
    assertSummary("SELECT a FROM t UNION ALL SELECT a FROM u", "SELECT", null);
    assertSummary("(SELECT a FROM t) EXCEPT (SELECT a FROM u)", "SELECT", null);
    assertSummary("SELECT * FROM generate_series(1, 10)", "SELECT", null);
    assertSummary("SELECT * FROM a CROSS APPLY f(a.x)", "SELECT", null);
    assertSummary("SELECT a INTO new_table FROM t", "SELECT", null);
    assertSummary("INSERT INTO a SELECT * FROM b", "INSERT", null);
    assertSummary(
        "INSERT ALL INTO a VALUES (1) INTO b VALUES (2) SELECT 1 FROM dual", "INSERT", null);
    assertSummary("UPDATE a SET x = b.x FROM b WHERE a.id = b.id", "UPDATE", null);
    assertSummary("UPDATE a, b SET a.x = b.x", "UPDATE", null);
    assertSummary("UPDATE a JOIN b ON a.id = b.id SET a.x = 1", "UPDATE", null);
    assertSummary("DELETE FROM a USING b WHERE a.id = b.id", "DELETE", null);
    assertSummary("DELETE a FROM a JOIN b ON a.id = b.id", "DELETE", null);
    assertSummary("MERGE INTO a USING b ON a.id = b.id WHEN MATCHED THEN DELETE", "MERGE", null);
    assertSummary("MERGE INTO a USING (SELECT * FROM b) s ON a.id = s.id", "MERGE", null);
    assertSummary("CREATE TABLE a AS SELECT * FROM b", "CREATE", null);
    assertSummary("CREATE TABLE a (b_id int REFERENCES b (id))", "CREATE", null);
    assertSummary("DROP TABLE a, b", "DROP", null);
    assertSummary("TRUNCATE a, b", "TRUNCATE", null);
  }

  @Test
  void nonTableStatementsHaveOnlyAnOperation() {
    assertSummary("CREATE INDEX idx ON orders (status)", "CREATE", null);
    assertSummary("CREATE VIEW v AS SELECT * FROM orders", "CREATE", null);
    assertSummary("SELECT 1", "SELECT", null);
    assertSummary("SELECT now() AS t", "SELECT", null);
    assertSummary("BEGIN", "BEGIN", null);
    assertSummary("COMMIT;", "COMMIT", null);
    assertSummary("SET search_path TO app, public", "SET", null);
  }

  @Test
  void withQueriesReportTheMainStatementWithoutGuessingATable() {
    assertSummary(
        "WITH recent AS (SELECT * FROM orders WHERE d > now()) SELECT * FROM recent",
        "SELECT",
        null);
    assertSummary(
        "WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
            + "INSERT INTO numbers SELECT n FROM r",
        "INSERT",
        null);
    assertSummary("WITH x AS (SELECT 1)", "WITH", null);
  }

  @Test
  void procedureCallsNameTheProcedure() {
    SqlSummary escape = SqlSummary.of("{call refresh_totals(?, ?)}");
    assertEquals("CALL", escape.operation());
    assertNull(escape.collection());
    assertEquals("refresh_totals", escape.storedProcedure());
    assertEquals("CALL refresh_totals", escape.spanName("postgresql"));

    assertEquals("pkg.compute", SqlSummary.of("{? = call pkg.compute(?)}").storedProcedure());
    assertEquals("CALL pkg.compute", SqlSummary.of("{ ?= call pkg.compute(?) }").spanName("x"));
    assertEquals("CALL p", SqlSummary.of("CALL p()").spanName("x"));
    assertEquals("EXEC dbo.refresh", SqlSummary.of("EXEC dbo.refresh @a = 1").spanName("x"));
    assertEquals("EXECUTE", SqlSummary.of("EXECUTE IMMEDIATE 'DROP TABLE t'").spanName("x"));
    assertEquals("EXEC", SqlSummary.of("EXEC @rc = dbo.refresh").spanName("x"));
  }

  @Test
  void multiStatementTextHasNoOperationOrTable() {
    SqlSummary summary = SqlSummary.of("UPDATE t SET a = 1; DELETE FROM u WHERE b = 2");
    assertNull(summary.operation());
    assertNull(summary.collection());
    assertEquals("mysql", summary.spanName("mysql"));
    assertSummary("SELECT * FROM t;", "SELECT", "t");
    assertSummary("SELECT * FROM t; -- done", "SELECT", "t");
    assertSummary("SELECT * FROM t;;", "SELECT", "t");
  }

  @Test
  void ignoresCommentsAndLiteralsWhenLookingForKeywords() {
    assertSummary("/* SELECT FROM x */ -- DELETE\n SELECT * FROM orders", "SELECT", "orders");
    assertSummary(
        "SELECT 'a FROM b JOIN c' FROM orders WHERE x = ';DROP TABLE y'", "SELECT", "orders");
    assertSummary("SELECT $$ FROM b; $$ FROM orders", "SELECT", "orders");
  }

  @Test
  void spanNameFollowsTheConventions() {
    assertEquals("SELECT orders", SqlSummary.of("SELECT * FROM orders").spanName("postgresql"));
    assertEquals("SELECT", SqlSummary.of("SELECT 1").spanName("postgresql"));
    assertEquals("postgresql", SqlSummary.of("").spanName("postgresql"));
    assertEquals("postgresql", SqlSummary.of(null).spanName("postgresql"));
    assertEquals("postgresql", SqlSummary.of("'just a literal'").spanName("postgresql"));
  }

  @Test
  void batchNamesFollowTheConventions() {
    SqlSummary insertOrders = SqlSummary.of("INSERT INTO orders VALUES (?)");
    SqlSummary insertItems = SqlSummary.of("INSERT INTO items VALUES (?)");
    SqlSummary updateOrders = SqlSummary.of("UPDATE orders SET a = ?");
    SqlSummary deleteItems = SqlSummary.of("DELETE FROM items");

    assertEquals("BATCH INSERT orders",
        SqlSummary.batchSpanName(Arrays.asList(insertOrders, insertOrders)));
    assertEquals(
        "BATCH INSERT", SqlSummary.batchSpanName(Arrays.asList(insertOrders, insertItems)));
    assertEquals(
        "BATCH orders", SqlSummary.batchSpanName(Arrays.asList(insertOrders, updateOrders)));
    assertEquals("BATCH", SqlSummary.batchSpanName(Arrays.asList(insertOrders, deleteItems)));
    assertEquals("BATCH", SqlSummary.batchSpanName(Collections.emptyList()));
    assertEquals("BATCH", SqlSummary.batchSpanName(null));
    assertEquals("BATCH", SqlSummary.batchSpanName(Arrays.asList(insertOrders, null)));

    SqlSummary batch = SqlSummary.ofBatch(Arrays.asList(insertOrders, insertOrders));
    assertEquals("BATCH INSERT", batch.operation());
    assertEquals("orders", batch.collection());
    SqlSummary calls = SqlSummary.ofBatch(
        Arrays.asList(SqlSummary.of("{call p(?)}"), SqlSummary.of("{call p(?)}")));
    assertEquals("BATCH CALL p", calls.spanName("x"));
  }

  @Test
  void mysqlDialectReadsMysqlQuoting() {
    SqlSummary summary = SqlSummary.of(
        "# it's a comment\nSELECT * FROM `shop`.`2fa_tokens` WHERE a = \"x FROM y\"",
        SqlDialect.MYSQL);
    assertEquals("SELECT", summary.operation());
    assertEquals("shop.2fa_tokens", summary.collection());
    assertEquals("$cache", SqlSummary.of("DELETE FROM $cache", SqlDialect.MYSQL).collection());
  }

  @Test
  void summaryOfSanitizedTextEqualsSummaryOfRawText() {
    for (String sql : SqlCorpus.QUERIES) {
      for (SqlDialect dialect : SqlDialect.values()) {
        String sanitized = SqlSanitizer.sanitize(sql, Integer.MAX_VALUE, dialect);
        assertEquals(SqlSummary.of(sql, dialect), SqlSummary.of(sanitized, dialect), sql);
      }
    }
  }

  @Test
  void summaryOfRandomSanitizedTextEqualsSummaryOfRawText() {
    Random random = new Random(3L);
    for (int i = 0; i < 20_000; i++) {
      for (SqlDialect dialect : SqlDialect.values()) {
        String sql = new HostileSqlGenerator(random, dialect).statement();
        String sanitized = SqlSanitizer.sanitize(sql, Integer.MAX_VALUE, dialect);
        assertEquals(SqlSummary.of(sql, dialect), SqlSummary.of(sanitized, dialect), sql);
      }
    }
  }

  @Test
  void neverReportsLiteralContent() {
    assertSummary("SELECT 's3cr3t'", "SELECT", null);
    assertSummary("SELECT * FROM t WHERE a = 'x\\' FROM s3cr3t", "SELECT", "t");
    assertSummary("SELECT * FROM 's3cr3t'", "SELECT", null);
    assertSummary("INSERT INTO $$s3cr3t$$ VALUES (1)", "INSERT", null);
    assertSummary("SELECT * FROM t WHERE a = 'unterminated FROM s3cr3t", "SELECT", "t");
    assertSummary("CALL 's3cr3t'", "CALL", null);
  }

  @Test
  void neverThrowsOnRandomText() {
    Random random = new Random(11L);
    String alphabet = "'\"`\\/*-#$?:;.,()[]{}=qQeE01 \n😀_ab";
    String[] words = {"SELECT ", "FROM ", "INTO ", "WITH ", "TABLE ", "CALL ", "{call ", "JOIN ",
        "USING ", "TOP ", "INSERT ", "MERGE ", "AS ", "x ", "IF ", "EXISTS "};
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sql = new StringBuilder();
      int length = random.nextInt(30);
      for (int j = 0; j < length; j++) {
        if (random.nextInt(3) == 0) {
          sql.append(words[random.nextInt(words.length)]);
        } else {
          sql.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      for (SqlDialect dialect : SqlDialect.values()) {
        SqlSummary summary = SqlSummary.of(sql.toString(), dialect);
        assertNotNull(summary.spanName("fallback"));
      }
    }
  }

  @Test
  void megabyteOfSqlIsFast() {
    StringBuilder builder = new StringBuilder("INSERT INTO orders (id, note) VALUES ");
    int row = 0;
    while (builder.length() < 1_000_000) {
      builder.append(row == 0 ? "" : ", ").append("(").append(row++).append(", 'it''s -- x')");
    }
    String sql = builder.toString();
    SqlSummary summary = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> SqlSummary.of(sql));
    assertEquals("INSERT orders", summary.spanName("x"));
  }

  @Test
  void tenMegabytesOfPathologicalInputIsFast() {
    int size = 10 * 1024 * 1024;
    List<String> inputs = new ArrayList<>();
    inputs.add("SELECT * FROM t WHERE a = " + "'".repeat(size));
    inputs.add("/*".repeat(size / 2));
    inputs.add("SELECT * FROM " + "(".repeat(size));
    inputs.add("SELECT * FROM t" + ")".repeat(size));
    inputs.add("SELECT * FROM " + "a.".repeat(size / 2));
    inputs.add("SELECT * FROM [" + "a ".repeat(size / 2));
    inputs.add("SELECT * FROM " + "#".repeat(size));
    inputs.add("UPDATE TOP " + "(".repeat(size));
    inputs.add("WITH " + "x AS (SELECT 1), ".repeat(size / 18));
    inputs.add("SELECT 1" + ";".repeat(size));
    for (String input : inputs) {
      for (SqlDialect dialect : SqlDialect.values()) {
        SqlSummary summary =
            assertTimeoutPreemptively(TEN_MEGABYTE_BOUND, () -> SqlSummary.of(input, dialect));
        assertNotNull(summary);
      }
    }
  }
}
