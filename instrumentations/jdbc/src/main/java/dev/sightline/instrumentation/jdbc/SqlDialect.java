package dev.sightline.instrumentation.jdbc;

/**
 * The lexical family of the SQL being read. Only differences that change where a literal or a
 * comment starts and ends are modelled: those are what decide whether a secret can leak.
 */
public enum SqlDialect {

  /**
   * ISO SQL as PostgreSQL, Oracle, SQL Server, DB2, H2, Derby, HSQLDB and SQLite read it: {@code
   * "x"} is an identifier, {@code $tag$...$tag$} is a string, block comments nest, {@code #} is an
   * operator character.
   */
  STANDARD,

  /**
   * MySQL and MariaDB: {@code "x"} is a string literal, {@code #} starts a line comment, {@code --}
   * starts one only when followed by whitespace, block comments do not nest, {@code /*!...*}{@code
   * /} holds executable SQL, {@code $} is an identifier character, and identifiers may start with a
   * digit ({@code 2fa_tokens}).
   */
  MYSQL;

  /**
   * The dialect for a {@code db.system.name} value. MySQL's rules are used only where the server is
   * known to follow them: read with them, other SQL would have its dollar-quoted strings and nested
   * comments missed.
   */
  public static SqlDialect forDbSystemName(String dbSystemName) {
    if ("mysql".equals(dbSystemName) || "mariadb".equals(dbSystemName)) {
      return MYSQL;
    }
    return STANDARD;
  }
}
