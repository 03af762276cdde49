package dev.sightline.instrumentation.jdbc;

import java.util.Locale;

/**
 * Which database a JDBC URL points at, in the terms of the database conventions: {@code
 * db.system.name}, {@code server.address}, {@code server.port} and {@code db.namespace}. Read from
 * the URL text alone (no connection, no lookup); user names, passwords and URL parameters are never
 * kept. A URL it cannot read still yields the system, from the sub-protocol.
 */
final class DatabaseAddress {

  static final String OTHER_SQL = "other_sql";

  final String system;
  final String host;
  final int port;
  final String namespace;

  DatabaseAddress(String system, String host, int port, String namespace) {
    this.system = system;
    this.host = host;
    this.port = port;
    this.namespace = namespace;
  }

  /** The /health dependency name: {@code postgresql://127.0.0.1:5432/test}, {@code h2database:orders}. */
  String dependencyName() {
    StringBuilder name = new StringBuilder(64).append(system);
    if (host != null) {
      name.append("://").append(host.indexOf(':') >= 0 ? '[' + host + ']' : host);
      if (port > 0) {
        name.append(':').append(port);
      }
      name.append('/');
    } else {
      name.append(':');
    }
    if (namespace != null) {
      name.append(namespace);
    }
    return name.toString();
  }

  @Override
  public String toString() {
    return dependencyName();
  }

  /** Never null: an unreadable or absent URL gives {@code other_sql} and nothing else. */
  static DatabaseAddress parse(String url) {
    try {
      return parseUrl(url);
    } catch (RuntimeException e) {
      return new DatabaseAddress(OTHER_SQL, null, -1, null);
    }
  }

  private static DatabaseAddress parseUrl(String url) {
    if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
      return new DatabaseAddress(OTHER_SQL, null, -1, null);
    }
    String rest = url.substring(5).trim();
    int colon = rest.indexOf(':');
    String subprotocol = (colon < 0 ? rest : rest.substring(0, colon)).toLowerCase(Locale.ROOT);
    String body = colon < 0 ? "" : rest.substring(colon + 1);
    switch (subprotocol) {
      case "postgresql":
      case "pgsql":
        return hostBased("postgresql", body, 5432);
      case "mysql":
      case "mysql+srv":
        return hostBased("mysql", skipVariant(body), 3306);
      case "mariadb":
        return hostBased("mariadb", skipVariant(body), 3306);
      case "sqlserver":
      case "jtds":
        return sqlServer(body);
      case "oracle":
        return oracle(body);
      case "db2":
        return hostBased("ibm.db2", body, 50000);
      case "clickhouse":
      case "ch":
        return hostBased("clickhouse", skipVariant(body), 8123);
      case "h2":
        return embedded("h2database", body, 9092);
      case "hsqldb":
        return embedded("hsqldb", body, 9001);
      case "derby":
        return embedded("derby", body, 1527);
      case "sqlite":
        return new DatabaseAddress("sqlite", null, -1, emptyToNull(cutParameters(body)));
      default:
        return new DatabaseAddress(subprotocol.isEmpty() ? OTHER_SQL : subprotocol, null, -1, null);
    }
  }

  /** {@code //host:port/db?...}, or a bare {@code db} meaning the local default server. */
  private static DatabaseAddress hostBased(String system, String body, int defaultPort) {
    if (!body.startsWith("//")) {
      String database = emptyToNull(cutParameters(body));
      return new DatabaseAddress(system, database == null ? null : "localhost", database == null ? -1 : defaultPort, database);
    }
    String afterSlashes = body.substring(2);
    int pathStart = indexOfAny(afterSlashes, "/?;");
    String authority = pathStart < 0 ? afterSlashes : afterSlashes.substring(0, pathStart);
    String database = null;
    if (pathStart >= 0 && afterSlashes.charAt(pathStart) == '/') {
      database = emptyToNull(cutParameters(afterSlashes.substring(pathStart + 1)));
    }
    return withServer(system, authority, defaultPort, database);
  }

  /** {@code jdbc:h2:mem:name}, {@code jdbc:h2:tcp://host:port/path}, {@code jdbc:h2:~/file}. */
  private static DatabaseAddress embedded(String system, String body, int defaultPort) {
    if (body.startsWith("//")) {
      // jdbc:derby://host:port/db, the network client
      return hostBased(system, body, defaultPort);
    }
    String lower = body.toLowerCase(Locale.ROOT);
    for (String remote : new String[] {"tcp:", "ssl:", "hsql:", "hsqls:", "http:", "https:"}) {
      if (lower.startsWith(remote) && body.startsWith("//", remote.length())) {
        return hostBased(system, body.substring(remote.length()), defaultPort);
      }
    }
    String location = body;
    for (String local : new String[] {"mem:", "file:", "res:", "memory:", "directory:", "classpath:", "jar:", "zip:"}) {
      if (lower.startsWith(local)) {
        location = body.substring(local.length());
        break;
      }
    }
    return new DatabaseAddress(system, null, -1, emptyToNull(cutParameters(location)));
  }

  /** {@code //host\instance:port;databaseName=db;...}. */
  private static DatabaseAddress sqlServer(String body) {
    String system = "microsoft.sql_server";
    String text = skipVariant(body);
    if (!text.startsWith("//")) {
      return new DatabaseAddress(system, null, -1, null);
    }
    String afterSlashes = text.substring(2);
    int end = indexOfAny(afterSlashes, ";/");
    String authority = end < 0 ? afterSlashes : afterSlashes.substring(0, end);
    int backslash = authority.indexOf('\\');
    if (backslash >= 0) {
      int portAt = authority.indexOf(':', backslash);
      authority = authority.substring(0, backslash) + (portAt >= 0 ? authority.substring(portAt) : "");
    }
    String database = null;
    String lower = afterSlashes.toLowerCase(Locale.ROOT);
    for (String key : new String[] {";databasename=", ";database="}) {
      int at = lower.indexOf(key);
      if (at >= 0) {
        String value = afterSlashes.substring(at + key.length());
        int stop = value.indexOf(';');
        database = emptyToNull(stop < 0 ? value : value.substring(0, stop));
        break;
      }
    }
    return withServer(system, authority, 1433, database);
  }

  /** {@code thin:@host:port:SID}, {@code thin:@//host:port/service}; TNS descriptors give the system only. */
  private static DatabaseAddress oracle(String body) {
    String system = "oracle.db";
    int at = body.indexOf('@');
    if (at < 0) {
      return new DatabaseAddress(system, null, -1, null);
    }
    String target = body.substring(at + 1).trim();
    if (target.startsWith("(")) {
      return new DatabaseAddress(system, null, -1, null);
    }
    if (target.startsWith("//")) {
      return hostBased(system, target, 1521);
    }
    String[] parts = target.split(":");
    if (parts.length == 3) {
      return new DatabaseAddress(system, lower(parts[0]), port(parts[1], 1521), emptyToNull(parts[2]));
    }
    return withServer(system, target, 1521, null);
  }

  /** The first of possibly several {@code [user[:password]@]host[:port]} entries. */
  private static DatabaseAddress withServer(String system, String authority, int defaultPort, String database) {
    String first = authority;
    int comma = first.indexOf(',');
    if (comma >= 0) {
      first = first.substring(0, comma);
    }
    int credentials = first.lastIndexOf('@');
    if (credentials >= 0) {
      first = first.substring(credentials + 1);
    }
    String host;
    int port = defaultPort;
    if (first.startsWith("[")) {
      int close = first.indexOf(']');
      host = close < 0 ? first.substring(1) : first.substring(1, close);
      if (close >= 0 && first.startsWith(":", close + 1)) {
        port = port(first.substring(close + 2), defaultPort);
      }
    } else {
      int portAt = first.lastIndexOf(':');
      host = portAt < 0 ? first : first.substring(0, portAt);
      if (portAt >= 0) {
        port = port(first.substring(portAt + 1), defaultPort);
      }
    }
    host = emptyToNull(host);
    if (host == null || host.indexOf('(') >= 0 || host.indexOf('=') >= 0) {
      // MariaDB/MySQL "address=(host=...)" or other key-value forms: not worth guessing.
      return new DatabaseAddress(system, null, -1, database);
    }
    return new DatabaseAddress(system, lower(host), port, database);
  }

  /** Drops a driver mode before the address: {@code mysql:loadbalance://}, {@code mariadb:replication://}. */
  private static String skipVariant(String body) {
    if (body.startsWith("//")) {
      return body;
    }
    int slashes = body.indexOf("://");
    if (slashes > 0 && body.substring(0, slashes).matches("[A-Za-z0-9_+-]+")) {
      return body.substring(slashes + 1);
    }
    return body;
  }

  private static String cutParameters(String text) {
    int end = indexOfAny(text, "?;&");
    return (end < 0 ? text : text.substring(0, end)).trim();
  }

  private static int indexOfAny(String text, String characters) {
    for (int i = 0; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static int port(String text, int defaultPort) {
    try {
      int port = Integer.parseInt(text.trim());
      return port > 0 && port <= 65535 ? port : defaultPort;
    } catch (NumberFormatException e) {
      return defaultPort;
    }
  }

  private static String lower(String host) {
    return host.toLowerCase(Locale.ROOT);
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
