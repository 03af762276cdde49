package dev.sightline.apps.jdbc;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small order service with no tracing code: a JDK HttpServer in front of plain JDBC through a
 * HikariCP pool. H2 in memory by default; any JDBC URL whose driver is on the class path
 * (PostgreSQL and MariaDB are) with {@code --jdbc-url}. The table is (re)created at start and
 * dropped at exit. {@code GET /reports} reads from a "reporting replica" ({@code --reports-url},
 * by default the same database) over a connection of its own, without the pool.
 */
public final class JdbcApp {

  private JdbcApp() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    AppOptions options;
    try {
      options = AppOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("jdbc-app: " + e.getMessage());
      System.err.println(AppOptions.USAGE);
      System.exit(2);
      return;
    }

    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(options.jdbcUrl());
    if (!options.user().isEmpty()) {
      config.setUsername(options.user());
    }
    if (!options.password().isEmpty()) {
      config.setPassword(options.password());
    }
    config.setPoolName("jdbc-app");
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    HikariDataSource dataSource = new HikariDataSource(config);

    OrderStore store = new OrderStore(dataSource, options.table());
    store.createTable();

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", options.port()), 0);
    server.createContext("/orders", new Routes(store));
    server.createContext("/fail", new Routes(store));
    server.createContext("/storm", new SqlStorm(dataSource, options.table()));
    server.createContext("/reports", new Reports(options.reportsUrl(), options.user(), options.password(), options.table()));
    ExecutorService workers = Executors.newFixedThreadPool(4);
    server.setExecutor(workers);
    server.start();

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      workers.shutdown();
      try {
        store.dropTable();
      } catch (Exception e) {
        System.err.println("jdbc-app: could not drop table " + options.table() + ": " + e);
      }
      dataSource.close();
    }, "jdbc-app-shutdown"));

    System.out.println("jdbc-app listening on port " + server.getAddress().getPort()
        + " (table " + options.table() + ")");
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
