package dev.sightline.apps.jdbc;

import java.util.Map;

/** Command line and environment settings; arguments win over environment variables. */
record AppOptions(int port, String jdbcUrl, String user, String password, String table, String reportsUrl) {

  static final String DEFAULT_URL = "jdbc:h2:mem:jdbcapp;DB_CLOSE_DELAY=-1";

  static final String USAGE =
      "usage: JdbcApp [--port N] [--jdbc-url URL] [--user U] [--password P] [--table NAME] [--reports-url URL]"
          + " (env: JDBC_APP_PORT, JDBC_URL, JDBC_USER, JDBC_PASSWORD, JDBC_APP_TABLE, JDBC_REPORTS_URL)";

  static AppOptions parse(String[] args, Map<String, String> env) {
    String port = env.getOrDefault("JDBC_APP_PORT", "8080");
    String url = env.getOrDefault("JDBC_URL", DEFAULT_URL);
    String user = env.getOrDefault("JDBC_USER", "");
    String password = env.getOrDefault("JDBC_PASSWORD", "");
    String table = env.getOrDefault("JDBC_APP_TABLE", "orders");
    String reportsUrl = env.get("JDBC_REPORTS_URL");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = value(args, ++i);
        case "--jdbc-url" -> url = value(args, ++i);
        case "--user" -> user = value(args, ++i);
        case "--password" -> password = value(args, ++i);
        case "--table" -> table = value(args, ++i);
        case "--reports-url" -> reportsUrl = value(args, ++i);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    // The table name is spliced into SQL text: letters, digits and '_' only.
    if (!table.matches("[A-Za-z][A-Za-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("table must be a plain identifier: " + table);
    }
    try {
      return new AppOptions(Integer.parseInt(port.trim()), url, user, password, table, reportsUrl == null ? url : reportsUrl);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port is not a number: " + port);
    }
  }

  private static String value(String[] args, int index) {
    if (index >= args.length) {
      throw new IllegalArgumentException(args[index - 1] + " needs a value");
    }
    return args[index];
  }
}
