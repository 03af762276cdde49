package dev.sightline.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SqlSanitizerTest {

  private static final String[] SECRETS = {"s3cr3t", "4111111111111111", "O''Brien", "Brien"};
  private static final int UNLIMITED = Integer.MAX_VALUE;
  // A linear pass over 10 MB takes about 0.1 s and a quadratic one hours; the rest is headroom
  // for a busy build machine.
  private static final Duration TEN_MEGABYTE_BOUND = Duration.ofSeconds(10);

  private static String sanitize(String sql) {
    return SqlSanitizer.sanitize(sql, UNLIMITED);
  }

  private static String sanitizeMysql(String sql) {
    return SqlSanitizer.sanitize(sql, UNLIMITED, SqlDialect.MYSQL);
  }

  private static void assertNoSecret(String sanitized) {
    assertNotNull(sanitized);
    for (String secret : SECRETS) {
      int at = sanitized.indexOf(secret);
      assertFalse(at >= 0, () -> "leaked " + secret + " in: " + around(sanitized, at));
    }
  }

  /** Keeps failure messages readable when the output is megabytes long. */
  private static String around(String text, int at) {
    int from = Math.max(0, at - 100);
    int to = Math.min(text.length(), at + 100);
    return (from > 0 ? "..." : "") + text.substring(from, to) + (to < text.length() ? "..." : "");
  }

  @Test
  void replacesStringAndNumberLiterals() {
    assertEquals(
        "SELECT * FROM orders WHERE id = ? AND name = ?",
        sanitize("SELECT * FROM orders WHERE id = 42 AND name = 'x'"));
  }

  @Test
  void replacesEveryNumberShape() {
    assertEquals(
        "SELECT ?, ?, ?, ?, ?, ?, -?, ?",
        sanitize("SELECT 1, 1.5, .5, 1., 1.5e-3, 2E10, -42, 1_000_000"));
  }

  @Test
  void replacesHexAndBitLiterals() {
    assertEquals(
        "SELECT ?, ?, ?, ?, ?", sanitize("SELECT 0x1F, 0xdeadBEEF, X'1F', x'ff', b'0101'"));
  }

  @Test
  void replacesBooleansButNotNamesContainingThem() {
    assertEquals(
        "SELECT * FROM t WHERE a = ? OR b = ? OR true_flag = ? OR t.false = x",
        sanitize("SELECT * FROM t WHERE a = TRUE OR b = false OR true_flag = True OR t.false = x"));
  }

  @Test
  void keepsIdentifiersWithDigitsAndQuotedIdentifiers() {
    String sql = "SELECT t2.col3, \"Order Items\".\"qty 2\", `my table`.c1 FROM table1 t2";
    assertEquals(sql, sanitize(sql));
  }

  @Test
  void keepsBindParameters() {
    String sql = "SELECT * FROM t WHERE a = ? AND b = $1 AND c = :name AND d = :2 AND e::int = $12";
    assertEquals(sql, sanitize(sql));
  }

  @Test
  void keepsCastsAndSliceBoundsApart() {
    assertEquals("SELECT a::text, b[?:?] FROM t", sanitize("SELECT a::text, b[1:2] FROM t"));
  }

  @Test
  void replacesPostgresEscapeStrings() {
    String sanitized = sanitize("SELECT E'it\\'s a s3cr3t', e'\\\\' FROM t WHERE x = 1");
    assertEquals("SELECT ?, ? FROM t WHERE x = ?", sanitized);
  }

  @Test
  void replacesDollarQuotedStrings() {
    assertEquals(
        "SELECT ?, ?, $1 FROM t",
        sanitize("SELECT $$s3cr3t$$, $tag$ it's $$ nested s3cr3t $tag$, $1 FROM t"));
    assertEquals(
        "CREATE FUNCTION f() RETURNS int AS ? LANGUAGE plpgsql",
        sanitize(
            "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 4111111111111111; END"
                + " $body$ LANGUAGE plpgsql"));
  }

  @Test
  void replacesOracleAlternativeQuoting() {
    assertEquals(
        "SELECT ?, ? FROM dual WHERE x = ?",
        sanitize("SELECT q'[it's a s3cr3t]', nq'{O'Brien}' FROM dual WHERE x = 'y'"));
  }

  @Test
  void doubledQuotesStayInsideTheLiteral() {
    String sanitized = sanitize("SELECT * FROM people WHERE name = 'O''Brien' AND age = 30");
    assertEquals("SELECT * FROM people WHERE name = ? AND age = ?", sanitized);
    assertNoSecret(sanitized);
  }

  @Test
  void removesCommentsIncludingNestedOnes() {
    assertEquals(
        "SELECT ? FROM t WHERE x = ?",
        sanitize(
            "/* lead s3cr3t */ SELECT 1 -- s3cr3t\n"
                + "FROM t /* a /* s3cr3t */ s3cr3t */ WHERE x = 2"));
    assertEquals("SELECT a b FROM t", sanitize("SELECT a/**/b FROM t"));
  }

  @Test
  void quotesInsideCommentsDoNotOpenLiterals() {
    assertEquals(
        "SELECT ? FROM t WHERE a = ? AND b = ?",
        sanitize("SELECT 1 /* it's */ FROM t -- don't\nWHERE a = 's3cr3t' AND b = 's3cr3t'"));
  }

  @Test
  void commentMarkersInsideLiteralsAreContent() {
    assertEquals(
        "SELECT ?, ?, ? FROM t",
        sanitize("SELECT '/* s3cr3t */', '-- s3cr3t', '*/ s3cr3t /*' FROM t"));
  }

  @Test
  void collapsesInListsOfPlaceholders() {
    assertEquals(
        "SELECT * FROM t WHERE a IN (?) AND b IN (?) AND c NOT IN(?) AND d IN (?)",
        sanitize(
            "SELECT * FROM t WHERE a IN (1, 2, 3) AND b IN ( ?, ?, ? ) AND c NOT IN(-1,'x',?)"
                + " AND d IN (?)"));
  }

  @Test
  void leavesOtherInListsAlone() {
    assertEquals(
        "SELECT * FROM t WHERE a IN ($1, $2) AND b IN (x, ?) AND c IN (SELECT id FROM u)",
        sanitize(
            "SELECT * FROM t WHERE a IN ($1, $2) AND b IN (x, 2) AND c IN (SELECT id FROM u)"));
  }

  @Test
  void collapsesWhitespace() {
    assertEquals(
        "SELECT * FROM t WHERE a = ?", sanitize("  SELECT\n\t *  \r\n FROM t\u00a0WHERE a = 1 "));
  }

  @Test
  void keepsEveryStatementOfMultiStatementText() {
    String sanitized = sanitize("UPDATE t SET a = 1; DELETE FROM u WHERE b = 's3cr3t';");
    assertEquals("UPDATE t SET a = ?; DELETE FROM u WHERE b = ?;", sanitized);
  }

  @Test
  void keepsUnicodeIdentifiersAndDropsUnicodeLiterals() {
    assertEquals(
        "SELECT * FROM 顧客 WHERE 名前 = ? AND \"😀 col\" = ? AND größe = ?",
        sanitize("SELECT * FROM 顧客 WHERE 名前 = '秘密 s3cr3t 😀' AND \"😀 col\" = 1 AND größe = 2"));
  }

  @Test
  void keepsJdbcEscapes() {
    assertEquals("{call proc(?, ?)}", sanitize("{call proc(?, 'x')}"));
    assertEquals("SELECT {fn ucase(name)} FROM t WHERE d > {d ?}", sanitize(
        "SELECT {fn ucase(name)} FROM t WHERE d > {d '2024-01-01'}"));
  }

  @Test
  void backslashEscapedQuoteDropsTheRestBecauseDialectsDisagree() {
    // MySQL: one literal 'O\'Brien'. Standard SQL: 'O\' then Brien' ... which would leak.
    String mysqlStyle = "SELECT * FROM t WHERE name = 'O\\'Brien' AND card = '4111111111111111'";
    assertEquals("SELECT * FROM t WHERE name = ?", sanitize(mysqlStyle));
    assertEquals("SELECT * FROM t WHERE name = ?", sanitizeMysql(mysqlStyle));
    // Standard SQL: 'C:\' is complete. MySQL would run on into the next literal.
    String standardStyle = "SELECT * FROM t WHERE path = 'C:\\' AND card = '4111111111111111'";
    assertEquals("SELECT * FROM t WHERE path = ?", sanitize(standardStyle));
    assertEquals("SELECT * FROM t WHERE path = ?", sanitizeMysql(standardStyle));
    String escapeClause = "SELECT * FROM t WHERE a LIKE ? ESCAPE '\\' AND b = 's3cr3t'";
    assertNoSecret(sanitize(escapeClause));
    assertNoSecret(sanitizeMysql(escapeClause));
  }

  @Test
  void evenBackslashRunsEndTheLiteralInBothDialects() {
    assertEquals(
        "SELECT * FROM t WHERE a = ? AND b = ?",
        sanitize("SELECT * FROM t WHERE a = 'C:\\\\' AND b = 4111111111111111"));
  }

  @Test
  void unterminatedConstructsDropEverythingAfterTheirOpening() {
    assertEquals("SELECT ?", sanitize("SELECT 's3cr3t FROM t WHERE b = 1"));
    assertEquals("SELECT ?", sanitize("SELECT \"abc FROM t WHERE b = 's3cr3t"));
    assertEquals("SELECT ?", sanitize("SELECT `abc FROM t WHERE b = 's3cr3t"));
    assertEquals("SELECT ?", sanitize("SELECT 1 /* s3cr3t"));
    assertEquals("SELECT ?", sanitize("SELECT 1 /* a /* b */ s3cr3t"));
    assertEquals("SELECT ?", sanitize("SELECT $$ s3cr3t"));
    assertEquals("SELECT ?", sanitize("SELECT $tag$ s3cr3t $tag"));
    assertEquals("SELECT ?", sanitize("SELECT q'[s3cr3t'"));
    assertEquals("SELECT ?", sanitize("SELECT E's3cr3t\\'"));
    assertEquals("SELECT ?", sanitize("SELECT 1 -- s3cr3t"));
  }

  @Test
  void nestedCommentThatFlatDatabasesEndEarlierDropsTheRest() {
    // Oracle and MySQL end the comment at the first */ and then read 'a */ , s3cr3t' as a string.
    String sanitized = sanitize("SELECT 1 /* /* */ 'a */ , s3cr3t' FROM t");
    assertNoSecret(sanitized);
    assertEquals("SELECT ? ?", sanitized);
  }

  @Test
  void keepsPostgresOperatorsThatLookLikeMysqlComments() {
    assertEquals(
        "SELECT data #>> ?, a # b FROM t", sanitize("SELECT data #>> '{a,b}', a # b FROM t"));
  }

  @Test
  void mysqlReadsDoubleQuotesAsStringsAndHashAsComment() {
    assertEquals("SELECT ?, ? FROM t", sanitizeMysql("SELECT \"s3cr3t\", \"it\"\"s\" FROM t"));
    assertEquals("SELECT ? FROM t", sanitizeMysql("# it's a comment\nSELECT 's3cr3t' FROM t"));
    assertEquals("SELECT ?--?, ?", sanitizeMysql("SELECT 5--1, 5 -- s3cr3t\n"));
  }

  @Test
  void mysqlOptimizerHintsAreRemovedUnlessQuotesMakeTheirEndUncertain() {
    assertEquals(
        "SELECT * FROM t1 WHERE a = ?",
        sanitizeMysql("SELECT /*+ BKA(t1) NO_BKA(`t2`) */ * FROM t1 WHERE a = 1"));
    String sanitized = sanitizeMysql("SELECT /*+ SET_VAR(x = '*/') */ a, 's3cr3t' FROM t");
    assertNoSecret(sanitized);
    assertEquals("SELECT ?", sanitized);
  }

  @Test
  void mysqlHasNoEscapeStringPrefix() {
    // NO_BACKSLASH_ESCAPES: e'C:\' is a complete string and 's3cr3t' a second one.
    assertNoSecret(sanitizeMysql("SELECT e'C:\\', 's3cr3t'"));
  }

  @Test
  void mysqlKeepsIdentifiersStartingWithDigitsAndDollar() {
    String sql = "SELECT $price, 1st_col FROM 2fa_tokens WHERE a = ?";
    assertEquals(sql, sanitizeMysql(sql));
  }

  @Test
  void mysqlExecutableCommentsAreSanitizedAsCode() {
    assertEquals("SET NAMES ?", sanitizeMysql("/*!40101 SET NAMES 'utf8' */"));
    String sanitized = sanitizeMysql("/*! SELECT '*/' */ , 's3cr3t'");
    assertNoSecret(sanitized);
  }

  @Test
  void truncatesToMaxLengthWithMarker() {
    String sanitized = SqlSanitizer.sanitize("SELECT * FROM orders WHERE a = 's3cr3t'", 20);
    assertEquals("SELECT * FROM ord...", sanitized);
    assertEquals("SEL", SqlSanitizer.sanitize("SELECT 1", 3));
    assertEquals("", SqlSanitizer.sanitize("SELECT 1", 0));
  }

  @Test
  void truncationNeverSplitsASurrogatePair() {
    String sanitized = SqlSanitizer.sanitize("SELECT 😀😀😀 FROM t", 13);
    assertEquals("SELECT 😀...", sanitized);
  }

  @Test
  void longInListCollapsesEvenPastTheLengthLimit() {
    StringBuilder sql = new StringBuilder("SELECT * FROM t WHERE id IN (");
    for (int i = 0; i < 10_000; i++) {
      sql.append(i == 0 ? "" : ", ").append(i);
    }
    sql.append(") AND x = 1");
    assertEquals(
        "SELECT * FROM t WHERE id IN (?) AND x = ?", SqlSanitizer.sanitize(sql.toString(), 100));
  }

  @Test
  void nullStaysNull() {
    assertNull(SqlSanitizer.sanitize(null, 100));
    assertEquals("", SqlSanitizer.sanitize("", 100));
    assertEquals("SELECT ?", SqlSanitizer.sanitize("SELECT 1", 100, null));
  }

  @Test
  void sanitizingTwiceChangesNothing() {
    for (String sql : SqlCorpus.QUERIES) {
      String once = sanitize(sql);
      assertEquals(once, sanitize(once), sql);
    }
  }

  @Test
  void megabyteOfSqlIsFast() {
    StringBuilder builder = new StringBuilder("INSERT INTO orders (id, name, note, price) VALUES ");
    int row = 0;
    while (builder.length() < 1_000_000) {
      builder.append(row == 0 ? "" : ", ")
          .append("(").append(row).append(", 'O''Brien s3cr3t ").append(row)
          .append("', /* it's */ 'a -- note', 4111111111111111.25)");
      row++;
    }
    String sql = builder.toString();
    String sanitized = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> sanitize(sql));
    assertNoSecret(sanitized);
    assertTrue(sanitized.startsWith(
        "INSERT INTO orders (id, name, note, price) VALUES (?, ?, ?, ?), (?"));
  }

  @Test
  void tenMegabytesOfPathologicalInputIsFastAndLeaksNothing() {
    int size = 10 * 1024 * 1024;
    List<String> inputs = new ArrayList<>();
    // An even run of quotes is one complete literal; an odd run never closes.
    inputs.add("SELECT " + "'".repeat(size) + "'s3cr3t'");
    inputs.add("SELECT " + "'".repeat(size - 1) + " s3cr3t");
    inputs.add("/*".repeat(size / 2) + " s3cr3t");
    inputs.add("/* /* */ ".repeat(size / 9) + "'s3cr3t'");
    inputs.add("/* /* */ */ ".repeat(size / 12) + "'s3cr3t'");
    inputs.add("SELECT " + "\\".repeat(size) + "' s3cr3t");
    inputs.add("SELECT '" + "\\".repeat(size) + "', 's3cr3t'");
    inputs.add("SELECT '" + "\\".repeat(size - 1) + "' s3cr3t '");
    inputs.add("SELECT " + "$$".repeat(size / 2) + " 's3cr3t'");
    inputs.add("SELECT $a$" + "$ab".repeat(size / 3) + " 's3cr3t");
    inputs.add("SELECT q'[" + "]".repeat(size) + " s3cr3t");
    inputs.add("SELECT " + "(".repeat(size) + "'s3cr3t'");
    inputs.add("SELECT " + "-- x\n".repeat(size / 5) + "'s3cr3t'");
    inputs.add("SELECT " + "\"\"".repeat(size / 2) + "'s3cr3t'");
    inputs.add("SELECT " + "1.".repeat(size / 2) + "'s3cr3t'");
    inputs.add("SELECT " + "/*+ ".repeat(size / 4) + "'s3cr3t'");
    inputs.add("SELECT " + "/*+ '*/".repeat(size / 7) + "'s3cr3t'");
    inputs.add("SELECT " + "/*!".repeat(size / 3) + "'s3cr3t'");
    for (String input : inputs) {
      String standard = assertTimeoutPreemptively(
          TEN_MEGABYTE_BOUND, () -> SqlSanitizer.sanitize(input, UNLIMITED));
      assertNoSecret(standard);
      String mysql = assertTimeoutPreemptively(
          TEN_MEGABYTE_BOUND, () -> sanitizeMysql(input));
      assertNoSecret(mysql);
    }
  }

  @Test
  void randomTextInEitherDialectNeverLeaksALiteral() {
    Random random = new Random(20_240_611L);
    for (int i = 0; i < 20_000; i++) {
      for (SqlDialect dialect : SqlDialect.values()) {
        String sql = new HostileSqlGenerator(random, dialect).statement();
        int maxLength = random.nextBoolean() ? UNLIMITED : 1 + random.nextInt(200);
        String sanitized = SqlSanitizer.sanitize(sql, maxLength, dialect);
        assertNotNull(sanitized, sql);
        assertTrue(sanitized.length() <= maxLength, sql);
        for (String secret : HostileSqlGenerator.SECRETS) {
          assertFalse(
              sanitized.contains(secret),
              () -> dialect + " leaked " + secret + "\n in: " + sql + "\n out: " + sanitized);
        }
      }
    }
  }

  @Test
  void randomCharactersNeverBreakIt() {
    Random random = new Random(7L);
    String alphabet = "'\"`\\/*-#$?:;.,()[]{}qQeExXnN01 \n\t😀é_aq";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sql = new StringBuilder();
      int length = random.nextInt(40);
      for (int j = 0; j < length; j++) {
        sql.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      for (SqlDialect dialect : SqlDialect.values()) {
        String sanitized = SqlSanitizer.sanitize(sql.toString(), 1 + random.nextInt(50), dialect);
        assertNotNull(sanitized, sql.toString());
      }
    }
  }
}
