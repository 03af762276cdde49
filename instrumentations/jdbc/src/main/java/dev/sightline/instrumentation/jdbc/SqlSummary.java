package dev.sightline.instrumentation.jdbc;

import java.util.List;
import java.util.Objects;

/**
 * What a SQL statement does and to which table, for {@code db.operation.name}, {@code
 * db.collection.name}, {@code db.stored_procedure.name} and the span name.
 *
 * <p>Read cheaply from the text in one pass, never throwing. The operation is the first keyword,
 * upper-cased so that {@code select} and {@code SELECT} share one span name (for {@code WITH} it is
 * the main statement's keyword). The collection is given only when the statement names exactly one
 * table: a join, a second {@code FROM}, a subquery, a set operation or a table function makes it
 * {@code null}, as the conventions ask not to guess. Text holding several statements has neither.
 * Procedure calls ({@code CALL p}, {@code {call p(?)}}, {@code EXEC p}) report the procedure as
 * {@link #storedProcedure()}, which the conventions list as a span-name target beside the
 * collection.
 *
 * <p>Summaries of raw text and of its sanitized form are equal, so either may be passed; pass the
 * untruncated text and the dialect used for sanitizing.
 */
public final class SqlSummary {

  private static final SqlSummary UNKNOWN = new SqlSummary(null, null, null);
  private static final String BATCH = "BATCH";

  private final String operation;
  private final String collection;
  private final String storedProcedure;

  SqlSummary(String operation, String collection, String storedProcedure) {
    this.operation = operation;
    this.collection = collection;
    this.storedProcedure = storedProcedure;
  }

  /** Summarizes standard SQL; see {@link #of(String, SqlDialect)}. */
  public static SqlSummary of(String sql) {
    return of(sql, SqlDialect.STANDARD);
  }

  /** Summarizes {@code sql}; every part is {@code null} when it cannot be told. */
  public static SqlSummary of(String sql, SqlDialect dialect) {
    if (sql == null) {
      return UNKNOWN;
    }
    try {
      return new SqlSummaryParser(sql, dialect == null ? SqlDialect.STANDARD : dialect).parse();
    } catch (RuntimeException e) {
      // A naming aid must never fail the application's query.
      return UNKNOWN;
    }
  }

  /**
   * The summary of a batch, following the conventions: the operation is {@code BATCH} followed by
   * the statements' common operation if they share one, else {@code BATCH}; the collection and the
   * stored procedure are kept only when all statements share them. A batch of one statement is
   * better reported with that statement's own summary; that choice is the caller's.
   */
  public static SqlSummary ofBatch(List<SqlSummary> statements) {
    if (statements == null || statements.isEmpty()) {
      return new SqlSummary(BATCH, null, null);
    }
    SqlSummary first = statements.get(0) == null ? UNKNOWN : statements.get(0);
    String operation = first.operation;
    String collection = first.collection;
    String storedProcedure = first.storedProcedure;
    for (SqlSummary statement : statements) {
      SqlSummary each = statement == null ? UNKNOWN : statement;
      operation = Objects.equals(operation, each.operation) ? operation : null;
      collection = Objects.equals(collection, each.collection) ? collection : null;
      storedProcedure =
          Objects.equals(storedProcedure, each.storedProcedure) ? storedProcedure : null;
    }
    return new SqlSummary(
        operation == null ? BATCH : BATCH + " " + operation, collection, storedProcedure);
  }

  /** A batch's span name: {@code BATCH INSERT orders}, {@code BATCH INSERT} or {@code BATCH}. */
  public static String batchSpanName(List<SqlSummary> statements) {
    return ofBatch(statements).spanName(BATCH);
  }

  /** {@code SELECT}, {@code INSERT}, ...; {@code null} when unknown or several statements. */
  public String operation() {
    return operation;
  }

  /** The one table the statement works on, schema prefix kept and quotes removed, or null. */
  public String collection() {
    return collection;
  }

  /** The procedure a call statement runs, or null. */
  public String storedProcedure() {
    return storedProcedure;
  }

  /**
   * {@code "{operation} {target}"}, where the target is the collection or else the stored
   * procedure; {@code "{operation}"} without a target; {@code "{target}"} without an operation;
   * else {@code fallback}, for which the conventions name {@code db.system.name}.
   */
  public String spanName(String fallback) {
    String target = collection != null ? collection : storedProcedure;
    if (operation == null) {
      return target != null ? target : fallback;
    }
    return target != null ? operation + " " + target : operation;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof SqlSummary)) {
      return false;
    }
    SqlSummary that = (SqlSummary) other;
    return Objects.equals(operation, that.operation)
        && Objects.equals(collection, that.collection)
        && Objects.equals(storedProcedure, that.storedProcedure);
  }

  @Override
  public int hashCode() {
    return Objects.hash(operation, collection, storedProcedure);
  }

  @Override
  public String toString() {
    return "SqlSummary{operation=" + operation + ", collection=" + collection
        + ", storedProcedure=" + storedProcedure + "}";
  }
}
