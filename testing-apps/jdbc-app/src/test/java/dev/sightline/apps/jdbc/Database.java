package dev.sightline.apps.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * A database the app runs against, and what its spans and /health must say about it. The
 * machine's real servers are used; missing, they fail the tests in CI ({@code CI=true}) and skip
 * them elsewhere.
 */
record Database(
    String label,
    String url,
    String user,
    String password,
    String system,
    String namespace,
    String host,
    int port,
    String dependencyName) {

  static Database h2() {
    return new Database("H2", "jdbc:h2:mem:jdbcapp;DB_CLOSE_DELAY=-1", "", "", "h2database", "jdbcapp", null, -1,
        "h2database:jdbcapp");
  }

  static Database postgresql() {
    String host = env("PGHOST", "127.0.0.1");
    int port = Integer.parseInt(env("PGPORT", "5432"));
    return new Database("PostgreSQL", "jdbc:postgresql://" + host + ":" + port + "/test", "postgres", "",
        "postgresql", "test", host, port, "postgresql://" + host + ":" + port + "/test");
  }

  static Database mariadb() {
    String host = env("MARIADB_HOST", "127.0.0.1");
    int port = Integer.parseInt(env("MARIADB_PORT", "3306"));
    return new Database("MariaDB", "jdbc:mariadb://" + host + ":" + port + "/test", "root", "",
        "mariadb", "test", host, port, "mariadb://" + host + ":" + port + "/test");
  }

  /** Fails (CI) or skips (elsewhere) when the server does not accept connections. */
  void requireReachable() {
    if (host == null) {
      return;
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2_000);
    } catch (IOException e) {
      String why = label + " is not reachable at " + host + ":" + port + " (" + e + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why);
      }
      // Surefire counts a class aborted in @BeforeAll as zero tests: say so where people look.
      System.err.println("[jdbc-app tests] SKIPPED (set CI=true to fail instead): " + why);
      Assumptions.abort(why);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
