package dev.sightline.instrumentation.jdbc;

/**
 * Turns SQL text into a {@code db.query.text} value that carries no literal: strings, numbers, hex
 * and bit constants, dollar-quoted bodies and {@code TRUE}/{@code FALSE} become {@code ?};
 * comments are removed; identifiers, keywords, operators and bind markers ({@code ?}, {@code $1},
 * {@code :name}, {@code :1}) stay; whitespace runs become one space; a list of two or more
 * placeholders after {@code IN} becomes {@code IN (?)} so that list length adds no cardinality.
 *
 * <h2>Backslashes</h2>
 *
 * <p>MySQL reads {@code 'O\'Brien'} as one literal; standard SQL (PostgreSQL, Oracle, SQL Server,
 * and MySQL in NO_BACKSLASH_ESCAPES mode) reads {@code 'C:\'} as a complete one. Picking either
 * reading leaks under the other: MySQL's makes the standard {@code 'C:\' AND pin = '1234'} show
 * {@code 1234}, the standard one makes MySQL's {@code 'it\'s', '1234'} show it. So a quote preceded
 * by an odd number of backslashes inside a literal is taken as the point where the two readings
 * part, and everything from that literal to the end of the text is replaced by a single {@code ?}.
 * An even run ({@code 'C:\\'}) ends the literal in both readings and is unaffected; PostgreSQL's
 * {@code E'...'} strings, where the backslash is always an escape, are read that way outside
 * MySQL.
 *
 * <p>The same rule, drop the rest when the end cannot be known, covers an unterminated quote,
 * quoted name, dollar quote or Oracle {@code q'[...]'} string, and a nested comment whose end a
 * non-nesting database (Oracle, MySQL) would place where a literal then begins. An unterminated
 * comment is a comment to the end.
 *
 * <p>The work is one left-to-right pass over the text with no regular expressions and no
 * recursion; it stops early once the output has reached the length limit.
 *
 * <p>The dialect matters for MySQL and MariaDB only: pass {@link SqlDialect#MYSQL} there, or
 * double-quoted strings are kept as if they were identifiers and a quote inside a {@code #}
 * comment opens a literal. Under the standard dialect, SQL Server's {@code [bracketed names]} are
 * not quotes, so an apostrophe inside one opens a literal.
 */
public final class SqlSanitizer {

  private static final String TRUNCATION_MARKER = "...";

  private SqlSanitizer() {}

  /** Sanitizes standard SQL; see {@link #sanitize(String, int, SqlDialect)}. */
  public static String sanitize(String sql, int maxLength) {
    return sanitize(sql, maxLength, SqlDialect.STANDARD);
  }

  /**
   * Returns {@code sql} with every literal replaced by {@code ?} and every comment removed, at
   * most {@code maxLength} characters long (a cut text ends with {@code ...}); {@code null} for
   * {@code null}. Never throws: should an internal fault occur, returns {@code null} rather than
   * risk showing the raw text.
   */
  public static String sanitize(String sql, int maxLength, SqlDialect dialect) {
    if (sql == null) {
      return null;
    }
    if (maxLength <= 0) {
      return "";
    }
    try {
      SqlDialect readAs = dialect == null ? SqlDialect.STANDARD : dialect;
      return truncate(new Pass(sql, readAs, maxLength).run(), maxLength);
    } catch (RuntimeException e) {
      // The agent must not break the application's query, nor fall back to the raw text.
      return null;
    }
  }

  private static String truncate(StringBuilder out, int maxLength) {
    if (out.length() <= maxLength) {
      return out.toString();
    }
    boolean roomForMarker = maxLength > TRUNCATION_MARKER.length();
    int cut = roomForMarker ? maxLength - TRUNCATION_MARKER.length() : maxLength;
    if (Character.isHighSurrogate(out.charAt(cut - 1))) {
      cut--;
    }
    out.setLength(cut);
    if (roomForMarker) {
      out.append(TRUNCATION_MARKER);
    }
    return out.toString();
  }

  /** One sanitization: the output being built and the IN-list being watched. */
  private static final class Pass {

    private final String sql;
    private final SqlLexer lexer;
    private final int maxLength;
    private final StringBuilder out;

    private boolean spacePending;
    private boolean previousWasIn;
    // Output index just after the '(' of an IN list that may still collapse, or -1.
    private int listStart = -1;
    private int listItems;
    private boolean listExpectsItem;

    Pass(String sql, SqlDialect dialect, int maxLength) {
      this.sql = sql;
      this.lexer = new SqlLexer(sql, dialect);
      this.maxLength = maxLength;
      // Sized for typical statements; comment-heavy or huge text should not reserve its length.
      this.out = new StringBuilder(Math.min(Math.min(sql.length(), maxLength), 1024) + 16);
    }

    StringBuilder run() {
      while (lexer.next()) {
        SqlLexer.Kind kind = lexer.kind();
        if (kind == SqlLexer.Kind.SPACE || kind == SqlLexer.Kind.COMMENT) {
          // A comment still separates tokens: "a/**/b" must not become "ab".
          spacePending = out.length() > 0;
          continue;
        }
        if (spacePending) {
          out.append(' ');
          spacePending = false;
        }
        boolean isIn = false;
        switch (kind) {
          case LITERAL:
            placeholder();
            break;
          case UNREADABLE_REST:
            out.append('?');
            return out;
          case PARAMETER:
            if (lexer.end() - lexer.start() == 1 && sql.charAt(lexer.start()) == '?') {
              placeholder();
            } else {
              copyToken();
            }
            break;
          case WORD:
            isIn = isWord("IN");
            copyToken();
            break;
          case SYMBOL:
            symbol(sql.charAt(lexer.start()));
            break;
          default:
            copyToken();
            break;
        }
        previousWasIn = isIn;
        if (out.length() > maxLength && listStart < 0) {
          return out;
        }
      }
      return out;
    }

    private void placeholder() {
      out.append('?');
      if (listStart >= 0) {
        if (listExpectsItem) {
          listItems++;
          listExpectsItem = false;
        } else {
          listStart = -1;
        }
      }
    }

    private void symbol(char c) {
      if (c == '(' && previousWasIn) {
        out.append('(');
        listStart = out.length();
        listItems = 0;
        listExpectsItem = true;
        return;
      }
      if (listStart >= 0) {
        if (c == ',' && !listExpectsItem) {
          listExpectsItem = true;
          out.append(c);
          return;
        }
        if ((c == '-' || c == '+') && listExpectsItem) {
          out.append(c);
          return;
        }
        if (c == ')' && !listExpectsItem && listItems > 1) {
          out.setLength(listStart);
          out.append("?)");
          listStart = -1;
          return;
        }
      }
      listStart = -1;
      out.append(c);
    }

    private void copyToken() {
      listStart = -1;
      out.append(sql, lexer.start(), lexer.end());
    }

    private boolean isWord(String keyword) {
      return lexer.end() - lexer.start() == keyword.length()
          && sql.regionMatches(true, lexer.start(), keyword, 0, keyword.length());
    }
  }
}
