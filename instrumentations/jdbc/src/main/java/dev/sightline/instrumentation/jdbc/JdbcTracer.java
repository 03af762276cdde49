package dev.sightline.instrumentation.jdbc;

import dev.sightline.agent.health.Dependencies;
import dev.sightline.agent.telemetry.Operation;
import dev.sightline.agent.telemetry.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * JDBC CLIENT spans, the {@code db.client.operation.duration} metric and database health, as the
 * OpenTelemetry database conventions define them. A span is named {@code {operation} {table}}
 * ({@code SELECT orders}), falling back to the operation, then to {@code db.system.name}; a batch of
 * two or more is {@code BATCH INSERT orders} with {@code db.operation.batch.size}.
 */
final class JdbcTracer {

  /** The /health dependency type of every database. */
  static final String DEPENDENCY_TYPE = "db";

  static final AttributeKey<String> SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
  static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("db.namespace");
  static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");
  static final AttributeKey<String> QUERY_SUMMARY = AttributeKey.stringKey("db.query.summary");
  static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("db.operation.name");
  static final AttributeKey<String> COLLECTION_NAME = AttributeKey.stringKey("db.collection.name");
  static final AttributeKey<String> STORED_PROCEDURE = AttributeKey.stringKey("db.stored_procedure.name");
  static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
  static final AttributeKey<String> RESPONSE_STATUS = AttributeKey.stringKey("db.response.status_code");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private static final int MAX_BATCH_SUMMARIES = 1000;

  private final Tracer tracer;
  private final DbClientMetrics metrics;
  private final Dependencies dependencies;
  private final int maxQueryLength;
  private final DatabaseErrors errors;

  JdbcTracer(Telemetry telemetry, int maxQueryLength, boolean sanitize) {
    this.errors = new DatabaseErrors(sanitize);
    this.tracer = telemetry.tracer(JdbcInstrumentation.NAME);
    this.metrics = new DbClientMetrics(telemetry.registry());
    this.dependencies = telemetry.dependencies();
    this.maxQueryLength = maxQueryLength;
  }

  /** One statement execution (or batch) in flight. */
  final class Call extends Operation {
    private final DatabaseAddress database;
    private final String operation;
    private final String collection;

    Call(Span span, Context context, DatabaseAddress database, String operation, String collection) {
      super(span, context);
      this.database = database;
      this.operation = operation;
      this.collection = collection;
    }

    void end(Throwable error) {
      if (!claimEnd()) {
        return;
      }
      String errorType = null;
      SQLException sqlError = null;
      if (error != null) {
        sqlError = sqlException(error);
        String sqlState = sqlError == null ? null : sqlError.getSQLState();
        errorType = notEmpty(sqlState) ? sqlState : error.getClass().getName();
        errors.record(span, error);
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(ERROR_TYPE, errorType);
        if (notEmpty(sqlState)) {
          span.setAttribute(RESPONSE_STATUS, sqlState);
        }
      }
      span.end();
      metrics.record(database.system, database.namespace, operation, collection, errorType, elapsedSeconds());
      outcome(database, error, errorType, sqlError);
    }
  }

  /** A single statement; {@code query} is null when its SQL is unknown. */
  Call start(DatabaseAddress database, QueryTexts.Query query) {
    SqlSummary summary = query == null ? SqlSummary.of(null) : query.summary;
    return begin(database, summary, summary.spanName(database.system), query == null ? null : query.text, -1);
  }

  /**
   * A batch. {@code statements} holds the SQL of each {@code addBatch(String)}, or the one text of
   * a prepared statement run {@code size} times; below two it is reported as a single statement.
   */
  Call startBatch(DatabaseAddress database, List<QueryTexts.Query> statements, int size) {
    if (size < 2) {
      return start(database, statements.isEmpty() ? null : statements.get(0));
    }
    List<SqlSummary> summaries = new ArrayList<>(Math.min(statements.size(), MAX_BATCH_SUMMARIES));
    Set<String> texts = new LinkedHashSet<>();
    for (QueryTexts.Query statement : statements) {
      if (summaries.size() < MAX_BATCH_SUMMARIES) {
        summaries.add(statement.summary);
      }
      texts.add(statement.text == null ? "?" : statement.text);
    }
    SqlSummary batch = SqlSummary.ofBatch(summaries);
    return begin(database, batch, batch.spanName("BATCH"), joined(texts), size);
  }

  private Call begin(DatabaseAddress database, SqlSummary summary, String spanName, String text, int batchSize) {
    Context parent = Context.current();
    SpanBuilder builder =
        tracer
            .spanBuilder(spanName)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(parent)
            .setAttribute(SYSTEM_NAME, database.system);
    if (database.namespace != null) {
      builder.setAttribute(NAMESPACE, database.namespace);
    }
    if (text != null) {
      builder.setAttribute(QUERY_TEXT, text);
    }
    if (summary.operation() != null) {
      builder.setAttribute(OPERATION_NAME, summary.operation());
      builder.setAttribute(QUERY_SUMMARY, spanName);
    }
    if (summary.collection() != null) {
      builder.setAttribute(COLLECTION_NAME, summary.collection());
    }
    if (summary.storedProcedure() != null) {
      builder.setAttribute(STORED_PROCEDURE, summary.storedProcedure());
    }
    if (batchSize >= 2) {
      builder.setAttribute(BATCH_SIZE, (long) batchSize);
    }
    if (database.host != null) {
      builder.setAttribute(SERVER_ADDRESS, database.host);
      if (database.port > 0) {
        builder.setAttribute(SERVER_PORT, (long) database.port);
      }
    }
    Span span = builder.startSpan();
    return new Call(span, parent.with(span), database, summary.operation(), summary.collection());
  }

  /** A driver's {@code connect}: the database shows in /health from the first connection on. */
  void connected(DatabaseAddress database, Throwable error) {
    String errorType = null;
    SQLException sqlError = null;
    if (error != null) {
      sqlError = sqlException(error);
      String sqlState = sqlError == null ? null : sqlError.getSQLState();
      errorType = notEmpty(sqlState) ? sqlState : error.getClass().getName();
    }
    outcome(database, error, errorType, sqlError);
  }

  /**
   * A failed statement degrades the database; a lost or refused connection (SQLState class 08, or
   * an I/O failure underneath) marks it down until a call succeeds again.
   */
  private void outcome(DatabaseAddress database, Throwable error, String errorType, SQLException sqlError) {
    String name = database.dependencyName();
    if (error == null) {
      dependencies.success(DEPENDENCY_TYPE, name);
    } else if (connectionLost(error, sqlError)) {
      dependencies.down(DEPENDENCY_TYPE, name, errorType + ": " + errors.message(error));
    } else {
      dependencies.failure(DEPENDENCY_TYPE, name, errorType);
    }
  }

  private static boolean connectionLost(Throwable error, SQLException sqlError) {
    String sqlState = sqlError == null ? null : sqlError.getSQLState();
    if (sqlState != null && sqlState.startsWith("08")) {
      return true;
    }
    Throwable cause = error;
    for (int i = 0; i < 8 && cause != null; i++) {
      if (cause instanceof IOException) {
        return true;
      }
      cause = cause.getCause();
    }
    return false;
  }

  /** The SQLException carrying the database's answer, the error itself or a cause. */
  static SQLException sqlException(Throwable error) {
    Throwable cause = error;
    for (int i = 0; i < 8 && cause != null; i++) {
      if (cause instanceof SQLException) {
        return (SQLException) cause;
      }
      cause = cause.getCause();
    }
    return null;
  }

  private String joined(Set<String> texts) {
    StringBuilder out = new StringBuilder();
    for (String text : texts) {
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append(text);
      if (out.length() >= maxQueryLength) {
        break;
      }
    }
    if (out.length() > maxQueryLength) {
      out.setLength(Math.max(0, maxQueryLength - 3));
      out.append("...");
    }
    return out.toString();
  }

  private static boolean notEmpty(String value) {
    return value != null && !value.isEmpty();
  }
}
