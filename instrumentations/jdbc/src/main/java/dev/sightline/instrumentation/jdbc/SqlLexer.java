package dev.sightline.instrumentation.jdbc;

/**
 * Cuts SQL text into tokens, one left-to-right pass, without knowing any grammar. Shared by the
 * sanitizer and the summary so both agree on what is a literal.
 *
 * <p>Where two database families would end a literal or a comment at different places, the lexer
 * cannot know which one it is reading. It then reports {@link Kind#UNREADABLE_REST}: everything
 * from there to the end is to be treated as a literal. Dropping too much is the only choice that
 * cannot show a secret under either reading.
 */
final class SqlLexer {

  enum Kind {
    SPACE,
    COMMENT,
    /** A string, number, hex, bit, boolean or dollar-quoted constant. */
    LITERAL,
    /** Unterminated or ambiguous text running to the end of the input. */
    UNREADABLE_REST,
    /** An unquoted identifier or keyword. */
    WORD,
    /** A double-quoted (standard) or backtick-quoted identifier, quotes included. */
    QUOTED_NAME,
    /** A bind marker: {@code ?}, {@code $1}, {@code :1}. */
    PARAMETER,
    /** Any other single character. */
    SYMBOL
  }

  /** How a backslash before a closing quote is read inside a quoted token. */
  private enum Backslash {
    /** Quoted identifiers: never an escape in any dialect. */
    ORDINARY,
    /** PostgreSQL E'' strings: always an escape. */
    ESCAPE,
    /**
     * Plain string literals: an escape in MySQL by default, an ordinary character in standard SQL
     * and in MySQL's NO_BACKSLASH_ESCAPES mode, so a quote after an odd run of backslashes ends the
     * literal in one reading and not in the other.
     */
    AMBIGUOUS
  }

  /** How block and line comments are recognised. */
  private enum Comments {
    /** PostgreSQL and SQL Server: block comments nest. */
    NESTED,
    /** MySQL and Oracle: a block comment ends at its first close. */
    FLAT,
    /** Inside a MySQL optimizer hint, whose parser knows quotes but not comments. */
    NONE
  }

  private static final int UNREADABLE = -1;

  private final String sql;
  private final int length;
  private final boolean mysql;
  private final Comments comments;

  // MySQL runs the body of /*!...*/ as SQL, so it is lexed as code and only the markers dropped.
  private boolean insideExecutableComment;

  private int position;
  private Kind kind;
  private int start;
  private int end;

  SqlLexer(String sql, SqlDialect dialect) {
    this(
        sql,
        dialect == SqlDialect.MYSQL,
        dialect == SqlDialect.MYSQL ? Comments.FLAT : Comments.NESTED,
        0);
  }

  // Probes read part of the text another way; they never start probes themselves, so there is
  // no recursion.
  private SqlLexer(String sql, boolean mysql, Comments comments, int from) {
    this.sql = sql;
    this.length = sql.length();
    this.mysql = mysql;
    this.comments = comments;
    this.position = from;
  }

  /** Moves to the next token; false at the end of the text. */
  boolean next() {
    if (position >= length) {
      return false;
    }
    start = position;
    end = scan(position);
    position = end;
    return true;
  }

  Kind kind() {
    return kind;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  private int scan(int i) {
    char c = sql.charAt(i);
    if (isSpace(c)) {
      int j = i + 1;
      while (j < length && isSpace(sql.charAt(j))) {
        j++;
      }
      return token(Kind.SPACE, j);
    }
    boolean readsComments = comments != Comments.NONE;
    switch (c) {
      case '-':
        if (readsComments && charAt(i + 1) == '-'
            && (!mysql || i + 2 >= length || sql.charAt(i + 2) <= ' ')) {
          return lineComment(i + 2);
        }
        break;
      case '#':
        if (readsComments && mysql) {
          return lineComment(i + 1);
        }
        break;
      case '/':
        if (readsComments && charAt(i + 1) == '*') {
          return blockComment(i);
        }
        break;
      case '*':
        if (insideExecutableComment && charAt(i + 1) == '/') {
          insideExecutableComment = false;
          return token(Kind.COMMENT, i + 2);
        }
        break;
      case '\'':
        return quotedLiteral(i, '\'', Backslash.AMBIGUOUS);
      case '"':
        return mysql
            ? quotedLiteral(i, '"', Backslash.AMBIGUOUS)
            : quotedName(i, '"');
      case '`':
        return quotedName(i, '`');
      case '?':
        return token(Kind.PARAMETER, i + 1);
      case '$':
        return mysql ? word(i) : dollar(i);
      case ':':
        if (isDigit(charAt(i + 1)) && startsColonParameter(i)) {
          return token(Kind.PARAMETER, digitsEnd(i + 1));
        }
        break;
      case '.':
        if (isDigit(charAt(i + 1)) && !followsName(i)) {
          return number(i);
        }
        break;
      default:
        if (isDigit(c)) {
          return number(i);
        }
        if (isWordStart(c)) {
          return word(i);
        }
        break;
    }
    return token(Kind.SYMBOL, i + 1);
  }

  private int lineComment(int from) {
    int j = from;
    while (j < length) {
      char c = sql.charAt(j);
      if (c == '\n' || c == '\r') {
        break;
      }
      j++;
    }
    return token(Kind.COMMENT, j);
  }

  private int blockComment(int i) {
    if (mysql) {
      int marker = i + 2;
      if (charAt(marker) == 'M' && charAt(marker + 1) == '!') {
        marker++;
      }
      if (charAt(marker) == '!') {
        insideExecutableComment = true;
        return token(Kind.COMMENT, digitsEnd(marker + 1));
      }
      if (charAt(i + 2) == '+') {
        return optimizerHint(i);
      }
    }
    int depth = 1;
    int firstClose = UNREADABLE;
    int j = i + 2;
    while (j < length) {
      char c = sql.charAt(j);
      if (c == '*' && charAt(j + 1) == '/') {
        j += 2;
        if (firstClose == UNREADABLE) {
          firstClose = j;
        }
        if (--depth == 0) {
          break;
        }
      } else if (comments == Comments.NESTED && c == '/' && charAt(j + 1) == '*') {
        j += 2;
        depth++;
      } else {
        j++;
      }
    }
    if (depth > 0) {
      // Unterminated: whatever follows is comment in the nesting reading, and dropped either way.
      return token(Kind.COMMENT, length);
    }
    if (firstClose == j || flatReadingAlsoEndsAt(firstClose, j)) {
      return token(Kind.COMMENT, j);
    }
    return token(Kind.UNREADABLE_REST, length);
  }

  /**
   * Nested comments are PostgreSQL and SQL Server; MySQL and Oracle end a comment at its first
   * close. The text between the two closes is code in the flat reading, so the nesting reading is
   * only safe to follow when that code ends exactly where the nested comment does: otherwise a
   * literal opened there would be read as code by us.
   */
  private boolean flatReadingAlsoEndsAt(int firstClose, int nestedEnd) {
    SqlLexer flat = new SqlLexer(sql, false, Comments.FLAT, firstClose);
    while (flat.next()) {
      if (flat.end >= nestedEnd) {
        return flat.end == nestedEnd;
      }
    }
    return false;
  }

  /**
   * MySQL hands {@code /*+ ... *}{@code /} to a hint parser that reads quoted names and strings,
   * so a close inside quotes may not end it; other comments end at the first close. Followed only
   * where both readings end at the same place.
   */
  private int optimizerHint(int i) {
    int close = sql.indexOf("*/", i + 3);
    int flatEnd = close < 0 ? length : close + 2;
    SqlLexer quoted = new SqlLexer(sql, true, Comments.NONE, i + 3);
    int quotedEnd = length;
    while (quoted.next()) {
      if (quoted.kind == Kind.SYMBOL && sql.charAt(quoted.start) == '*'
          && charAt(quoted.end) == '/') {
        quotedEnd = quoted.end + 1;
        break;
      }
      if (quoted.end >= flatEnd) {
        break;
      }
    }
    if (quotedEnd != flatEnd) {
      return token(Kind.UNREADABLE_REST, length);
    }
    return token(Kind.COMMENT, flatEnd);
  }

  /** A string literal whose opening quote is at {@code quote}, after any N, E, X or B prefix. */
  private int quotedLiteral(int quote, char quoteChar, Backslash backslash) {
    int close = closingQuoteEnd(quote, quoteChar, backslash);
    if (close == UNREADABLE) {
      return token(Kind.UNREADABLE_REST, length);
    }
    return token(Kind.LITERAL, close);
  }

  private int quotedName(int i, char quoteChar) {
    int close = closingQuoteEnd(i, quoteChar, Backslash.ORDINARY);
    if (close == UNREADABLE) {
      // Without its close quote the name may have swallowed literals: drop the rest.
      return token(Kind.UNREADABLE_REST, length);
    }
    return token(Kind.QUOTED_NAME, close);
  }

  /** The index after the closing quote, or {@link #UNREADABLE}. Doubled quotes are content. */
  private int closingQuoteEnd(int quote, char quoteChar, Backslash backslash) {
    int j = quote + 1;
    while (j < length) {
      char c = sql.charAt(j);
      if (c == quoteChar) {
        if (charAt(j + 1) != quoteChar) {
          return j + 1;
        }
        j += 2;
      } else if (c == '\\' && backslash != Backslash.ORDINARY) {
        int run = j;
        while (run < length && sql.charAt(run) == '\\') {
          run++;
        }
        boolean escapesQuote = run < length && sql.charAt(run) == quoteChar && (run - j) % 2 == 1;
        if (escapesQuote) {
          if (backslash == Backslash.AMBIGUOUS) {
            return UNREADABLE;
          }
          run++;
        }
        j = run;
      } else {
        j++;
      }
    }
    return UNREADABLE;
  }

  /** {@code $1}, or a PostgreSQL dollar-quoted string {@code $$...$$} / {@code $tag$...$tag$}. */
  private int dollar(int i) {
    if (isDigit(charAt(i + 1))) {
      return token(Kind.PARAMETER, digitsEnd(i + 1));
    }
    int tagEnd = i + 1;
    if (tagEnd < length && isTagStart(sql.charAt(tagEnd))) {
      tagEnd++;
      while (tagEnd < length && isTagPart(sql.charAt(tagEnd))) {
        tagEnd++;
      }
    }
    if (charAt(tagEnd) != '$') {
      return token(Kind.SYMBOL, i + 1);
    }
    String delimiter = sql.substring(i, tagEnd + 1);
    // Linear: the tag holds no '$', so a failed comparison never runs past the next '$'.
    int close = sql.indexOf(delimiter, tagEnd + 1);
    if (close < 0) {
      return token(Kind.UNREADABLE_REST, length);
    }
    return token(Kind.LITERAL, close + delimiter.length());
  }

  private int number(int i) {
    int j = i;
    boolean wordShaped = true;
    char base = Character.toLowerCase(charAt(i + 1));
    if (sql.charAt(i) == '0' && base == 'x' && isHexDigit(charAt(i + 2))) {
      j = i + 3;
      while (j < length && (isHexDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
        j++;
      }
    } else if (sql.charAt(i) == '0' && (base == 'b' || base == 'o') && isDigit(charAt(i + 2))) {
      j = digitsEnd(i + 2);
    } else {
      j = digitsEnd(j);
      if (charAt(j) == '.') {
        wordShaped = false;
        j = digitsEnd(j + 1);
      }
      if (Character.toLowerCase(charAt(j)) == 'e') {
        int exponent = j + 1;
        if (charAt(exponent) == '+' || charAt(exponent) == '-') {
          wordShaped = false;
          exponent++;
        }
        if (isDigit(charAt(exponent))) {
          j = digitsEnd(exponent);
        }
      }
    }
    if (mysql && wordShaped && j < length && isWordPart(sql.charAt(j))) {
      // MySQL reads 2fa_tokens as one identifier.
      return word(j);
    }
    // Elsewhere a trailing letter starts a new token (SELECT 42abc is 42 AS abc), so only the
    // digits are the literal.
    return token(Kind.LITERAL, j);
  }

  private int word(int i) {
    char c = Character.toLowerCase(sql.charAt(i));
    if (charAt(i + 1) == '\'' && isWordStartAt(i)) {
      switch (c) {
        case 'e':
          // In MySQL E is just a name before an ordinary string.
          return quotedLiteral(i + 1, '\'', mysql ? Backslash.AMBIGUOUS : Backslash.ESCAPE);
        case 'n':
        case 'x':
        case 'b':
          return quotedLiteral(i + 1, '\'', Backslash.AMBIGUOUS);
        case 'q':
          if (!mysql) {
            int q = oracleAlternativeQuote(i + 1);
            if (q != 0) {
              return q;
            }
          }
          break;
        default:
          break;
      }
    }
    if (!mysql && c == 'n' && Character.toLowerCase(charAt(i + 1)) == 'q'
        && charAt(i + 2) == '\'' && isWordStartAt(i)) {
      int q = oracleAlternativeQuote(i + 2);
      if (q != 0) {
        return q;
      }
    }
    int j = i + 1;
    while (j < length && isWordPart(sql.charAt(j))) {
      j++;
    }
    return token(isBooleanLiteral(i, j) ? Kind.LITERAL : Kind.WORD, j);
  }

  /** TRUE and FALSE are constants, but after a dot ({@code t.true}) they name a column. */
  private boolean isBooleanLiteral(int from, int to) {
    boolean qualified = from > 0 && sql.charAt(from - 1) == '.';
    return !qualified
        && (isWordBetween(from, to, "TRUE") || isWordBetween(from, to, "FALSE"));
  }

  private boolean isWordBetween(int from, int to, String word) {
    return to - from == word.length() && sql.regionMatches(true, from, word, 0, word.length());
  }

  /**
   * Oracle's q'[...]' quoting, whose point is to hold unescaped quotes. Outside Oracle the same
   * characters are a syntax error, so Oracle's reading is the only one to protect. Returns 0 when
   * the delimiter is invalid and the text is an ordinary word followed by a string.
   */
  private int oracleAlternativeQuote(int quote) {
    if (quote + 1 >= length || isSpace(sql.charAt(quote + 1))) {
      return 0;
    }
    char open = sql.charAt(quote + 1);
    char close = closingBracket(open);
    for (int j = quote + 2; j + 1 < length; j++) {
      if (sql.charAt(j) == close && sql.charAt(j + 1) == '\'') {
        return token(Kind.LITERAL, j + 2);
      }
    }
    return token(Kind.UNREADABLE_REST, length);
  }

  private static char closingBracket(char open) {
    switch (open) {
      case '[':
        return ']';
      case '{':
        return '}';
      case '(':
        return ')';
      case '<':
        return '>';
      default:
        return open;
    }
  }

  /** {@code :1} is an Oracle bind; {@code a[1:2]} and {@code x::int} are not. */
  private boolean startsColonParameter(int i) {
    if (i == 0) {
      return true;
    }
    char before = sql.charAt(i - 1);
    return isSpace(before) || "(,=<>!+-*/%|{".indexOf(before) >= 0;
  }

  /** In {@code t.5col} or {@code "t".5} the dot qualifies a name and starts no decimal. */
  private boolean followsName(int dot) {
    if (dot == 0) {
      return false;
    }
    char before = sql.charAt(dot - 1);
    return isWordPart(before) || before == '"' || before == '`' || before == ']';
  }

  private boolean isWordStartAt(int i) {
    return i == 0 || !isWordPart(sql.charAt(i - 1));
  }

  private int digitsEnd(int from) {
    int j = from;
    while (j < length) {
      char c = sql.charAt(j);
      // Digit separators (1_000) are standard since SQL:2023; in MySQL they make an identifier.
      if (isDigit(c) || (c == '_' && !mysql && isDigit(charAt(j + 1)))) {
        j++;
      } else {
        break;
      }
    }
    return j;
  }

  private int token(Kind found, int tokenEnd) {
    kind = found;
    return tokenEnd;
  }

  /** The character at {@code i}, or NUL past the end, which matches no rule. */
  private char charAt(int i) {
    return i < length ? sql.charAt(i) : '\0';
  }

  private boolean isWordStart(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || c == '_'
        || (mysql && c == '$')
        // PostgreSQL and MySQL take any non-ASCII character into an identifier; that also keeps
        // surrogate pairs in one token.
        || (c >= 0x80 && !isSpace(c));
  }

  private boolean isWordPart(char c) {
    return isWordStart(c) || isDigit(c) || c == '$';
  }

  private static boolean isTagStart(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || c == '_'
        || (c >= 0x80 && !isSpace(c));
  }

  private static boolean isTagPart(char c) {
    return isTagStart(c) || isDigit(c);
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
