package dev.sightline.instrumentation.jdbc;

import java.util.Locale;

/**
 * Walks the tokens of one SQL text once to build a {@link SqlSummary}. It reads only the few
 * keywords that say where the target table is named and whether other tables take part; anything
 * it does not recognise leaves the collection unknown rather than guessed.
 */
final class SqlSummaryParser {

  // Far above any real identifier (SQL Server allows 128 characters per part), low enough that
  // pathological text cannot turn into a huge span name.
  private static final int MAX_NAME_LENGTH = 512;

  private static final String[] INSERT_MODIFIERS = {
    "IGNORE", "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "OR", "REPLACE", "ROLLBACK", "ABORT",
    "FAIL", "OVERWRITE"
  };
  private static final String[] UPDATE_MODIFIERS = {"LOW_PRIORITY", "IGNORE", "ONLY"};
  private static final String[] DELETE_MODIFIERS = {"LOW_PRIORITY", "QUICK", "IGNORE"};
  private static final String[] CREATE_MODIFIERS = {
    "OR", "REPLACE", "GLOBAL", "LOCAL", "TEMPORARY", "TEMP", "UNLOGGED"
  };
  private static final String[] DROP_MODIFIERS = {"TEMPORARY"};
  private static final String[] NO_MODIFIERS = {};
  private static final String[] TABLE_NAME_PREFIXES = {"IF", "NOT", "EXISTS", "ONLY"};
  private static final String[] WITH_MAIN_STATEMENTS = {
    "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE"
  };
  /** Keywords that bring another table, or another query, into the statement. */
  private static final String[] OTHER_RELATIONS = {
    "SELECT", "JOIN", "STRAIGHT_JOIN", "APPLY", "UNION", "INTERSECT", "EXCEPT", "MINUS",
    "REFERENCES"
  };

  /** Where the tokens after the target table stand, to catch {@code FROM a x, b}. */
  private enum AfterTarget {
    TARGET,
    AS,
    ALIAS,
    PAST
  }

  private final String sql;
  private final SqlLexer lexer;

  // The current significant token; kind is null past the end.
  private SqlLexer.Kind kind;
  private int start;
  private int end;

  private String operation;
  private String collection;
  private String storedProcedure;
  private boolean namesTable;
  private boolean withClause;
  private boolean otherRelations;
  private boolean severalStatements;

  private int depth;
  private boolean targetFromClause;
  private boolean sawFrom;
  private boolean sawReturning;
  private boolean usingPending;
  private boolean statementEnded;
  private AfterTarget afterTarget = AfterTarget.PAST;

  SqlSummaryParser(String sql, SqlDialect dialect) {
    this.sql = sql;
    this.lexer = new SqlLexer(sql, dialect);
  }

  SqlSummary parse() {
    advance();
    skipJdbcCallPrefix();
    while (isSymbol('(')) {
      advance();
    }
    if (kind != SqlLexer.Kind.WORD) {
      return summary();
    }
    if (end - start > MAX_NAME_LENGTH) {
      return summary();
    }
    String keyword = text().toUpperCase(Locale.ROOT);
    advance();
    if (keyword.equals("WITH")) {
      withClause = true;
      keyword = mainStatementAfterWith();
    }
    operation = keyword;
    readTarget(keyword);
    scanRest();
    return summary();
  }

  private SqlSummary summary() {
    if (severalStatements) {
      return new SqlSummary(null, null, null);
    }
    boolean oneTable = namesTable && !withClause && !otherRelations;
    return new SqlSummary(operation, oneTable ? collection : null, storedProcedure);
  }

  /** JDBC's escape syntax: {@code {call p(?)}} and {@code {? = call p(?)}}. */
  private void skipJdbcCallPrefix() {
    if (!isSymbol('{')) {
      return;
    }
    advance();
    if (kind == SqlLexer.Kind.PARAMETER) {
      advance();
      if (isSymbol('=')) {
        advance();
      }
    }
  }

  /** The keyword of the statement the common table expressions feed, or WITH if none is seen. */
  private String mainStatementAfterWith() {
    int level = 0;
    while (kind != null && kind != SqlLexer.Kind.UNREADABLE_REST) {
      if (isSymbol('(')) {
        level++;
      } else if (isSymbol(')')) {
        level--;
      } else if (level == 0 && isAnyWord(WITH_MAIN_STATEMENTS)) {
        String keyword = text().toUpperCase(Locale.ROOT);
        advance();
        return keyword;
      }
      advance();
    }
    return "WITH";
  }

  private void readTarget(String keyword) {
    switch (keyword) {
      case "SELECT":
        namesTable = true;
        break;
      case "INSERT":
      case "REPLACE":
      case "UPSERT":
        namesTable = true;
        insertTarget();
        break;
      case "UPDATE":
        namesTable = true;
        skipTop();
        skipWords(UPDATE_MODIFIERS);
        target(name());
        break;
      case "DELETE":
        namesTable = true;
        skipTop();
        skipWords(DELETE_MODIFIERS);
        skipWord("FROM");
        skipWord("ONLY");
        target(name());
        break;
      case "MERGE":
        namesTable = true;
        skipTop();
        skipWord("INTO");
        target(name());
        break;
      case "CREATE":
        tableStatementTarget(CREATE_MODIFIERS);
        break;
      case "DROP":
        tableStatementTarget(DROP_MODIFIERS);
        break;
      case "ALTER":
        tableStatementTarget(NO_MODIFIERS);
        break;
      case "TRUNCATE":
        namesTable = true;
        skipWord("TABLE");
        skipWord("ONLY");
        target(name());
        break;
      case "CALL":
      case "EXEC":
      case "EXECUTE":
        // Oracle's EXECUTE IMMEDIATE runs a string, not a procedure.
        if (!isWord("IMMEDIATE")) {
          storedProcedure = name();
        }
        break;
      default:
        break;
    }
  }

  private void insertTarget() {
    skipTop();
    skipWords(INSERT_MODIFIERS);
    if (isWord("ALL") || isWord("FIRST")) {
      // Oracle's multi-table insert.
      otherRelations = true;
      return;
    }
    skipWord("INTO");
    skipWord("TABLE");
    target(name());
  }

  /** CREATE, DROP and ALTER name a collection only when they act on a table. */
  private void tableStatementTarget(String[] modifiers) {
    skipWords(modifiers);
    if (!isWord("TABLE")) {
      return;
    }
    advance();
    namesTable = true;
    skipWords(TABLE_NAME_PREFIXES);
    target(name());
  }

  /** SQL Server's {@code TOP (n) [PERCENT]} between the keyword and the table. */
  private void skipTop() {
    if (!isWord("TOP")) {
      return;
    }
    advance();
    if (isSymbol('(')) {
      int level = 0;
      do {
        if (isSymbol('(')) {
          level++;
        } else if (isSymbol(')')) {
          level--;
        }
        advance();
      } while (level > 0 && kind != null);
    } else {
      advance();
    }
    skipWord("PERCENT");
  }

  private void target(String name) {
    collection = name;
    afterTarget = AfterTarget.TARGET;
  }

  /** Looks at everything after the target for other tables and for a second statement. */
  private void scanRest() {
    while (kind != null) {
      if (statementEnded) {
        if (!isSymbol(';')) {
          severalStatements = true;
          return;
        }
        advance();
        continue;
      }
      if (kind == SqlLexer.Kind.UNREADABLE_REST) {
        // What follows cannot be read; keep what was learnt before it.
        return;
      }
      if (depth <= 0) {
        followTarget();
      }
      if (usingPending) {
        usingPending = false;
        otherRelations |= !isSymbol('(');
      }
      if (isSymbol('(')) {
        depth++;
      } else if (isSymbol(')')) {
        depth--;
      } else if (isSymbol(';') && depth <= 0) {
        statementEnded = true;
      } else if (namesTable && kind == SqlLexer.Kind.WORD && relationKeyword()) {
        continue;
      }
      advance();
    }
  }

  /**
   * Notes keywords that involve other tables. Returns true when it has itself moved past the
   * current token (after reading the target of a SELECT).
   */
  private boolean relationKeyword() {
    if (isAnyWord(OTHER_RELATIONS)) {
      otherRelations = true;
    } else if (depth > 0) {
      // A FROM inside parentheses without SELECT is function syntax: EXTRACT(YEAR FROM d).
      return false;
    } else if (isWord("RETURNING")) {
      sawReturning = true;
    } else if (isWord("INTO")) {
      // RETURNING id INTO :id fills a variable; SELECT ... INTO t creates a table.
      otherRelations |= !sawReturning;
    } else if (isWord("USING")) {
      // MERGE ... USING (VALUES ...) adds no table; USING t or DELETE ... USING t does.
      if ("MERGE".equals(operation)) {
        usingPending = true;
      } else {
        otherRelations = true;
      }
    } else if (isWord("FROM")) {
      if (!"SELECT".equals(operation) || sawFrom) {
        otherRelations = true;
        return false;
      }
      sawFrom = true;
      advance();
      skipWord("ONLY");
      targetFromClause = true;
      target(name());
      return true;
    }
    return false;
  }

  /** Catches a table listed after the target: {@code t, u}, {@code t x, u}, {@code t AS x, u}. */
  private void followTarget() {
    switch (afterTarget) {
      case TARGET:
        if (isSymbol(',')) {
          otherRelations = true;
        } else if (isSymbol('(') && targetFromClause) {
          // FROM generate_series(...) reads a function, not a table.
          otherRelations = true;
        } else if (isWord("AS")) {
          afterTarget = AfterTarget.AS;
          return;
        } else if (isName()) {
          afterTarget = AfterTarget.ALIAS;
          return;
        }
        break;
      case AS:
        if (isName()) {
          afterTarget = AfterTarget.ALIAS;
          return;
        }
        break;
      case ALIAS:
        otherRelations |= isSymbol(',');
        break;
      default:
        return;
    }
    afterTarget = AfterTarget.PAST;
  }

  /**
   * A possibly qualified name, quotes removed: {@code public.orders}, {@code "Order Items"},
   * {@code `db`.`t`}, {@code [dbo].[Orders]}, {@code #temp}. Null if there is none here.
   */
  private String name() {
    StringBuilder name = new StringBuilder();
    while (true) {
      String part = namePart();
      if (part == null) {
        return null;
      }
      boolean last = !isSymbol('.');
      if (name.length() <= MAX_NAME_LENGTH) {
        name.append(part).append(last ? "" : ".");
      }
      if (last) {
        return name.length() > MAX_NAME_LENGTH ? null : name.toString();
      }
      advance();
    }
  }

  private String namePart() {
    if (kind == SqlLexer.Kind.WORD) {
      String part = text();
      advance();
      return part;
    }
    if (kind == SqlLexer.Kind.QUOTED_NAME) {
      String part = unquote();
      advance();
      return part;
    }
    if (isSymbol('[')) {
      return bracketedPart();
    }
    if (isSymbol('#')) {
      return temporaryTablePart();
    }
    return null;
  }

  /** SQL Server's {@code [Order Items]}: the raw text between the brackets. */
  private String bracketedPart() {
    int from = end;
    advance();
    while (kind == SqlLexer.Kind.WORD
        || (kind == SqlLexer.Kind.LITERAL && isDigitAt(start))
        || (kind == SqlLexer.Kind.SYMBOL && !isSymbol(']') && !isSymbol('['))) {
      advance();
    }
    if (!isSymbol(']')) {
      return null;
    }
    String part = sql.substring(from, start).trim();
    advance();
    return part.isEmpty() ? null : part;
  }

  /** SQL Server's {@code #local} and {@code ##global} temporary tables. */
  private String temporaryTablePart() {
    int from = start;
    int adjacent = start;
    while (isSymbol('#') && start == adjacent) {
      adjacent = end;
      advance();
    }
    if (kind != SqlLexer.Kind.WORD || start != adjacent) {
      return null;
    }
    String part = sql.substring(from, end);
    advance();
    return part;
  }

  private String unquote() {
    char quote = sql.charAt(start);
    String inner = sql.substring(start + 1, end - 1);
    String doubled = new String(new char[] {quote, quote});
    return inner.replace(doubled, String.valueOf(quote));
  }

  private void advance() {
    while (lexer.next()) {
      SqlLexer.Kind next = lexer.kind();
      if (next != SqlLexer.Kind.SPACE && next != SqlLexer.Kind.COMMENT) {
        kind = next;
        start = lexer.start();
        end = lexer.end();
        return;
      }
    }
    kind = null;
  }

  private void skipWords(String[] words) {
    while (isAnyWord(words)) {
      advance();
    }
  }

  private void skipWord(String word) {
    if (isWord(word)) {
      advance();
    }
  }

  private boolean isName() {
    return kind == SqlLexer.Kind.WORD || kind == SqlLexer.Kind.QUOTED_NAME;
  }

  private boolean isAnyWord(String[] words) {
    for (String word : words) {
      if (isWord(word)) {
        return true;
      }
    }
    return false;
  }

  private boolean isWord(String word) {
    return kind == SqlLexer.Kind.WORD
        && end - start == word.length()
        && sql.regionMatches(true, start, word, 0, word.length());
  }

  private boolean isSymbol(char c) {
    return kind == SqlLexer.Kind.SYMBOL && sql.charAt(start) == c;
  }

  private boolean isDigitAt(int i) {
    char c = sql.charAt(i);
    return c >= '0' && c <= '9';
  }

  private String text() {
    return sql.substring(start, end);
  }
}
