package dev.sightline.instrumentation.jdbc;

import dev.sightline.agent.telemetry.WeakIdentityMap;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handlers behind the JDBC advice, and what they remember between calls: the SQL each
 * statement was prepared with, the statements added to each batch, and the database of each
 * connection. All are weak and keyed by identity, so a statement or connection the application
 * drops takes its entry with it. Wrapping layers (a pool's proxies over the driver's objects) each
 * get their own entries; only the outermost execute makes a span ({@link CallDepth#JDBC}).
 */
final class JdbcHandlers {

  /** What a prepared or callable statement will run, and on which database. */
  private static final class Prepared {
    final String sql;
    final DatabaseAddress database;
    volatile QueryTexts.Query query;

    Prepared(String sql, DatabaseAddress database) {
      this.sql = sql;
      this.database = database;
    }
  }

  /** The statements queued by {@code addBatch}: texts for a plain statement, a count for a prepared one. */
  private static final class Batch {
    private static final int MAX_KEPT = 1000;
    final List<String> statements = new ArrayList<>();
    int size;

    synchronized void add(String sql) {
      size++;
      if (sql != null && statements.size() < MAX_KEPT) {
        statements.add(sql);
      }
    }

    synchronized List<String> statements() {
      return new ArrayList<>(statements);
    }

    synchronized int size() {
      return size;
    }
  }

  private static final int MAX_URLS = 256;

  private final JdbcTracer tracer;
  private final QueryTexts texts;
  private final WeakIdentityMap<Object, Prepared> prepared = new WeakIdentityMap<>();
  private final WeakIdentityMap<Object, Batch> batches = new WeakIdentityMap<>();
  private final WeakIdentityMap<Object, DatabaseAddress> connections = new WeakIdentityMap<>();
  private final ConcurrentHashMap<String, DatabaseAddress> byUrl = new ConcurrentHashMap<>();

  JdbcHandlers(Telemetry telemetry, boolean sanitize, int maxQueryLength) {
    this.texts = new QueryTexts(sanitize, maxQueryLength);
    this.tracer = new JdbcTracer(telemetry, maxQueryLength, sanitize);
  }

  /** {@code exit(sql, connection, statement, null)} after prepareStatement / prepareCall returned. */
  Handler prepare() {
    return new Handler() {
      @Override
      public void exit(Object sql, Object connection, Object statement, Throwable error) {
        if (error == null && statement != null && sql instanceof String) {
          prepared.put(statement, new Prepared((String) sql, databaseOf(connection)));
        }
      }
    };
  }

  /** {@code enter(statement, sql or null)} and {@code exit(call, null, null, error)} around an execute. */
  Handler execute() {
    return new Handler() {
      @Override
      public Object enter(Object statement, Object sql) {
        if (CallDepth.suppressed() || statement == null) {
          return null;
        }
        QueryTexts.Query query;
        DatabaseAddress database;
        if (sql instanceof String) {
          database = databaseOfStatement(statement, null);
          query = texts.plain((String) sql, SqlDialect.forDbSystemName(database.system));
        } else {
          Prepared statementSql = prepared.get(statement);
          database = databaseOfStatement(statement, statementSql);
          query = statementSql == null ? null : queryOf(statementSql, database);
        }
        if (query != null && query.blank) {
          return null;
        }
        return tracer.start(database, query);
      }

      @Override
      public void exit(Object call, Object target, Object result, Throwable error) {
        if (call instanceof JdbcTracer.Call) {
          ((JdbcTracer.Call) call).end(error);
        }
      }
    };
  }

  /**
   * {@code enter(statement, nested)} around executeBatch: every level forgets its queued batch (the
   * driver clears it), only the outermost, {@code nested == FALSE}, makes the span.
   */
  Handler executeBatch() {
    return new Handler() {
      @Override
      public Object enter(Object statement, Object nested) {
        Batch batch = batches.remove(statement);
        if (!Boolean.FALSE.equals(nested) || CallDepth.suppressed() || statement == null) {
          return null;
        }
        Prepared statementSql = prepared.get(statement);
        DatabaseAddress database = databaseOfStatement(statement, statementSql);
        List<QueryTexts.Query> queries = new ArrayList<>();
        int size = batch == null ? 0 : batch.size();
        List<String> added = batch == null ? Collections.<String>emptyList() : batch.statements();
        if (!added.isEmpty()) {
          SqlDialect dialect = SqlDialect.forDbSystemName(database.system);
          for (String sql : added) {
            queries.add(texts.plain(sql, dialect));
          }
        } else if (statementSql != null) {
          queries.add(queryOf(statementSql, database));
        }
        return tracer.startBatch(database, queries, size);
      }

      @Override
      public void exit(Object call, Object target, Object result, Throwable error) {
        if (call instanceof JdbcTracer.Call) {
          ((JdbcTracer.Call) call).end(error);
        }
      }
    };
  }

  /** {@code exit(null, statement, sql or null, null)} after addBatch returned. */
  Handler addBatch() {
    return new Handler() {
      @Override
      public void exit(Object state, Object statement, Object sql, Throwable error) {
        if (statement == null || error != null) {
          return;
        }
        Batch batch = batches.get(statement);
        if (batch == null) {
          batch = new Batch();
          batches.put(statement, batch);
        }
        batch.add(sql instanceof String ? (String) sql : null);
      }
    };
  }

  /** {@code exit(null, statement, null, null)} after clearBatch returned. */
  Handler clearBatch() {
    return new Handler() {
      @Override
      public void exit(Object state, Object statement, Object result, Throwable error) {
        batches.remove(statement);
      }
    };
  }

  /** {@code exit(url, driver, connection, error)} after a driver's connect: health, and the connection's database. */
  Handler connect() {
    return new Handler() {
      @Override
      public void exit(Object url, Object driver, Object connection, Throwable error) {
        if (!(url instanceof String) || (connection == null && error == null)) {
          // null without an error: the driver does not handle this URL
          return;
        }
        DatabaseAddress database = databaseOfUrl((String) url);
        if (connection != null) {
          connections.put(connection, database);
        }
        tracer.connected(database, error);
      }
    };
  }

  private QueryTexts.Query queryOf(Prepared statementSql, DatabaseAddress database) {
    QueryTexts.Query query = statementSql.query;
    if (query == null) {
      query = texts.prepared(statementSql.sql, SqlDialect.forDbSystemName(database.system));
      statementSql.query = query;
    }
    return query;
  }

  private DatabaseAddress databaseOfStatement(Object statement, Prepared statementSql) {
    if (statementSql != null && statementSql.database != null) {
      return statementSql.database;
    }
    Connection connection = null;
    if (statement instanceof Statement) {
      try {
        connection = ((Statement) statement).getConnection();
      } catch (SQLException | RuntimeException e) {
        // closed: the span still has the system it can tell
      }
    }
    DatabaseAddress database = databaseOf(connection);
    return database != null ? database : DatabaseAddress.parse(null);
  }

  /**
   * The connection's database, read once per connection object from its URL. The URL comes from
   * the driver's metadata, which the common drivers answer locally, without a round trip.
   */
  private DatabaseAddress databaseOf(Object connection) {
    if (!(connection instanceof Connection)) {
      return null;
    }
    DatabaseAddress database = connections.get(connection);
    if (database != null) {
      return database;
    }
    String url;
    try {
      DatabaseMetaData metaData = ((Connection) connection).getMetaData();
      url = metaData == null ? null : metaData.getURL();
    } catch (SQLException | RuntimeException e) {
      return null;
    }
    database = databaseOfUrl(url);
    connections.put(connection, database);
    return database;
  }

  private DatabaseAddress databaseOfUrl(String url) {
    if (url == null) {
      return DatabaseAddress.parse(null);
    }
    DatabaseAddress database = byUrl.get(url);
    if (database == null) {
      database = DatabaseAddress.parse(url);
      if (byUrl.size() < MAX_URLS) {
        byUrl.put(url, database);
      }
    }
    return database;
  }
}
