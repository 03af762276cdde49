package dev.sightline.apps.jersey;

import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * A JAX-RS service with no tracing code: Jersey's servlet container at {@code /api/*} on embedded
 * Jetty 12 (ee10), so every route is {@code /api} plus the resources' {@code @Path} templates
 * ({@link ThingsResource}, {@link StockResource}). Arguments: {@code --port N} (0, the default,
 * binds a free port); it prints {@code jersey-app listening on port N} once it serves.
 */
public final class JerseyApp {

  private JerseyApp() {}

  public static void main(String[] args) throws Exception {
    int port = 0;
    for (int i = 0; i < args.length; i++) {
      if ("--port".equals(args[i]) && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else {
        System.err.println("usage: JerseyApp [--port N]");
        System.exit(2);
      }
    }

    JdbcConnectionPool database = JdbcConnectionPool.create("jdbc:h2:mem:things;DB_CLOSE_DELAY=-1", "sa", "");
    createSchema(database);
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    ExecutorService workers = Executors.newFixedThreadPool(2, new NamedThreads("jersey-app-worker-"));

    ResourceConfig resources = new ResourceConfig()
        .register(ThingsResource.class)
        .register(StockResource.class)
        .register(new AbstractBinder() {
          @Override
          protected void configure() {
            bind(database).to(DataSource.class);
            bind(http).to(HttpClient.class);
            bind(workers).to(ExecutorService.class);
          }
        });

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder jersey = new ServletHolder("jersey", new ServletContainer(resources));
    jersey.setAsyncSupported(true); // AsyncResponse needs it
    context.addServlet(jersey, "/api/*");
    server.setHandler(context);
    server.start();
    System.out.println("jersey-app listening on port " + connector.getLocalPort());
    System.out.flush();
    server.join();
  }

  private static void createSchema(JdbcConnectionPool database) throws SQLException {
    try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE things (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
      statement.execute("INSERT INTO things (id, name) VALUES (1, 'lamp'), (2, 'mug'), (3, 'pen')");
    }
  }

  /** Daemon threads with a name prefix. */
  static final class NamedThreads implements java.util.concurrent.ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    NamedThreads(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
