package dev.sightline.instrumentation.jdbc;

import java.util.Random;

/**
 * Builds random SQL whose secrets sit only inside literals, each statement written for one
 * database's reading of quotes, backslashes and comments. The sanitizer must hide the secrets
 * whichever reading the statement was written for, as long as it is told the right dialect.
 */
final class HostileSqlGenerator {

  static final String[] SECRETS = {"s3cr3t", "4111111111111111"};

  /** The database family a statement is written for; each reads the same text differently. */
  private enum Reading {
    POSTGRES(SqlDialect.STANDARD),
    ORACLE(SqlDialect.STANDARD),
    /** MySQL text sanitized with the standard dialect: backslashes must still be safe. */
    MYSQL_AS_STANDARD(SqlDialect.STANDARD),
    MYSQL(SqlDialect.MYSQL),
    MYSQL_NO_BACKSLASH_ESCAPES(SqlDialect.MYSQL);

    final SqlDialect dialect;

    Reading(SqlDialect dialect) {
      this.dialect = dialect;
    }
  }

  private static final String[] CODE = {
    "SELECT", "x", "t1", "FROM", "WHERE", "=", "(", ")", ",", ";", "+", "-", "*", "/", "?",
    ":name", "IN", "AND", "E", "q", "N", "t.c2", "`tbl`", "TRUE", "1.5e-3"
  };
  private static final String[] CONTENT = {
    "a", " ", "'", "\\", "\"", "`", "--", "/*", "*/", "*", "/", "#", "$", "$$", "\n", "😀", "?",
    ";", "]", "x'", "E'"
  };

  private final Random random;
  private final Reading reading;

  HostileSqlGenerator(Random random, SqlDialect dialect) {
    this.random = random;
    Reading chosen;
    do {
      chosen = Reading.values()[random.nextInt(Reading.values().length)];
    } while (chosen.dialect != dialect);
    this.reading = chosen;
  }

  String statement() {
    StringBuilder sql = new StringBuilder();
    int fragments = 1 + random.nextInt(12);
    for (int i = 0; i < fragments; i++) {
      sql.append(i == 0 ? "" : " ").append(fragment(true));
    }
    return sql.toString();
  }

  private String fragment(boolean commentsAllowed) {
    switch (random.nextInt(10)) {
      case 0:
      case 1:
      case 2:
        return CODE[random.nextInt(CODE.length)];
      case 3:
      case 4:
      case 5:
        return literal();
      case 6:
        return SECRETS[1];
      case 7:
        return commentsAllowed ? comment() : literal();
      case 8:
        return quotedName();
      default:
        return commentsAllowed ? readingSpecific() : literal();
    }
  }

  private String literal() {
    String content = content(true);
    boolean mysql = reading == Reading.MYSQL || reading == Reading.MYSQL_NO_BACKSLASH_ESCAPES;
    char quote = mysql && random.nextBoolean() ? '"' : '\'';
    String prefix = random.nextInt(5) == 0 ? "N" : "";
    return prefix + quote + escape(content, quote, backslashEscapes()) + quote;
  }

  private boolean backslashEscapes() {
    return reading == Reading.MYSQL || reading == Reading.MYSQL_AS_STANDARD;
  }

  private String escape(String content, char quote, boolean backslashEscapes) {
    StringBuilder escaped = new StringBuilder();
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      if (c == quote) {
        boolean backslashed = backslashEscapes && random.nextBoolean();
        escaped.append(backslashed ? "\\" + quote : "" + quote + quote);
      } else if (c == '\\') {
        escaped.append(backslashEscapes ? "\\\\" : "\\");
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private String comment() {
    if (random.nextBoolean()) {
      return "-- " + content(false).replace('\n', ' ') + "\n";
    }
    String content = content(false);
    boolean nests = reading == Reading.POSTGRES;
    if (nests) {
      content = withoutMarkers(content, "/*", "*/");
      if (random.nextBoolean()) {
        content = content + " /* " + withoutMarkers(content(false), "/*", "*/") + " */";
      }
    } else {
      content = withoutMarkers(content, "*/", "*/");
    }
    // Spaces keep a trailing '/' or leading '!' from forming markers with the delimiters.
    return "/* " + content + " */";
  }

  private static String withoutMarkers(String text, String first, String second) {
    String result = text;
    while (result.contains(first) || result.contains(second)) {
      result = result.replace(first, "").replace(second, "");
    }
    return result;
  }

  private String quotedName() {
    String content = content(false);
    if (random.nextBoolean() || reading.dialect == SqlDialect.MYSQL
        || reading == Reading.MYSQL_AS_STANDARD) {
      return "`" + content.replace("`", "``") + "`";
    }
    return "\"" + content.replace("\"", "\"\"") + "\"";
  }

  private String readingSpecific() {
    switch (reading) {
      case POSTGRES:
        if (random.nextBoolean()) {
          return "E'" + escape(content(true), '\'', true) + "'";
        }
        String delimiter = random.nextBoolean() ? "$$" : "$tag" + random.nextInt(3) + "$";
        String body = content(true);
        if ((body + delimiter).indexOf(delimiter) != body.length()) {
          body = body.replace("$", "");
        }
        return delimiter + body + delimiter;
      case ORACLE:
        String open = "[{(<!#".substring(random.nextInt(6)).substring(0, 1);
        String close = String.valueOf("]})>!#".charAt("[{(<!#".indexOf(open)));
        String text = content(true);
        while (text.contains(close + "'")) {
          text = text.replace(close + "'", "");
        }
        return "q'" + open + text + close + "'";
      case MYSQL:
      case MYSQL_NO_BACKSLASH_ESCAPES:
        int kind = random.nextInt(3);
        if (kind == 0) {
          return "# " + content(false).replace('\n', ' ') + "\n";
        }
        // Executable comments and optimizer hints: MySQL reads quotes inside both.
        StringBuilder code = new StringBuilder(kind == 1 ? "/*!40101" : "/*+");
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
          code.append(' ').append(fragment(false));
        }
        return code.append(" */").toString();
      default:
        return literal();
    }
  }

  private String content(boolean withSecret) {
    StringBuilder content = new StringBuilder();
    int pieces = random.nextInt(8);
    int secretAt = withSecret ? random.nextInt(pieces + 1) : -1;
    for (int i = 0; i <= pieces; i++) {
      if (i == secretAt) {
        content.append(SECRETS[0]);
      }
      if (i < pieces) {
        content.append(CONTENT[random.nextInt(CONTENT.length)]);
      }
    }
    return content.toString();
  }
}
