package dev.sightline.instrumentation.jdbc;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a statement's SQL into what its span shows: the {@code db.query.text} (sanitized unless
 * configured otherwise, at most {@code maxLength} characters) and its {@link SqlSummary}.
 *
 * <p>Prepared SQL is cached by its text, because applications prepare the same few statements on
 * every request; plain statements are not, since their text usually embeds values and would make
 * the cache both useless and a store of them. The cache is bounded: when full it starts over.
 */
final class QueryTexts {

  /** One statement's text as the span reports it. */
  static final class Query {
    /** The sanitized (or, when so configured, raw) text; null when it could not be made safe. */
    final String text;
    final SqlSummary summary;
    /** An empty statement: drivers send one to check a connection; not an application query. */
    final boolean blank;

    Query(String text, SqlSummary summary, boolean blank) {
      this.text = text;
      this.summary = summary;
      this.blank = blank;
    }
  }

  private static final int MAX_CACHED = 1024;
  private static final int MAX_CACHED_LENGTH = 8192;

  private final boolean sanitize;
  private final int maxLength;
  private final ConcurrentHashMap<String, Query> prepared = new ConcurrentHashMap<>();

  QueryTexts(boolean sanitize, int maxLength) {
    this.sanitize = sanitize;
    this.maxLength = maxLength;
  }

  int maxLength() {
    return maxLength;
  }

  Query prepared(String sql, SqlDialect dialect) {
    if (sql == null || sql.length() > MAX_CACHED_LENGTH) {
      return read(sql, dialect);
    }
    String key = dialect.name() + '\u0000' + sql;
    Query query = prepared.get(key);
    if (query == null) {
      query = read(sql, dialect);
      if (prepared.size() >= MAX_CACHED) {
        prepared.clear();
      }
      prepared.put(key, query);
    }
    return query;
  }

  Query plain(String sql, SqlDialect dialect) {
    return read(sql, dialect);
  }

  private Query read(String sql, SqlDialect dialect) {
    if (sql == null) {
      return new Query(null, SqlSummary.of(null), false);
    }
    String text = sanitize ? SqlSanitizer.sanitize(sql, maxLength, dialect) : truncate(sql);
    return new Query(text, SqlSummary.of(sql, dialect), sql.trim().isEmpty());
  }

  private String truncate(String sql) {
    if (sql.length() <= maxLength) {
      return sql;
    }
    int cut = maxLength;
    if (cut > 0 && Character.isHighSurrogate(sql.charAt(cut - 1))) {
      cut--;
    }
    return sql.substring(0, cut);
  }
}
