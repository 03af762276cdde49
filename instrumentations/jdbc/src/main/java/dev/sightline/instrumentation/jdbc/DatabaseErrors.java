package dev.sightline.instrumentation.jdbc;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a database's error says, made as safe as its query text. Drivers put the failing values
 * in their messages (PostgreSQL's {@code Key (email)=(a@b.c) already exists}, MySQL's {@code
 * Duplicate entry '42'}, H2 even quotes the whole statement), so the exception event and the
 * /health error carry the message with every literal replaced, like {@code db.query.text}.
 */
final class DatabaseErrors {

  private static final AttributeKey<String> TYPE = AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("exception.message");
  private static final AttributeKey<String> STACKTRACE = AttributeKey.stringKey("exception.stacktrace");
  private static final int MAX_MESSAGE = 1024;
  private static final Pattern QUOTED_OR_NUMBER = Pattern.compile("'(?:[^']|'')*'|\\b\\d+(?:\\.\\d+)?\\b");

  private final boolean sanitize;

  DatabaseErrors(boolean sanitize) {
    this.sanitize = sanitize;
  }

  /** The message as it may be shown; null when the error has none. */
  String message(Throwable error) {
    String raw = error.getMessage();
    if (raw == null || !sanitize) {
      return raw;
    }
    String safe = SqlSanitizer.sanitize(raw, MAX_MESSAGE);
    if (safe == null) {
      return "(message withheld: it could not be sanitized)";
    }
    // Messages also quote values inside double quotes, which SQL reads as identifiers (H2 quotes
    // the violated index with the row's key): quoted strings and numbers go there too.
    return QUOTED_OR_NUMBER.matcher(safe).replaceAll("?");
  }

  /** The {@code exception} event, with the sanitized message in it and in its stack trace. */
  void record(Span span, Throwable error) {
    if (!sanitize) {
      span.recordException(error);
      return;
    }
    String message = message(error);
    AttributesBuilder attributes = Attributes.builder().put(TYPE, error.getClass().getName());
    if (message != null) {
      attributes.put(MESSAGE, message);
    }
    attributes.put(STACKTRACE, stackTrace(error));
    span.addEvent("exception", attributes.build());
  }

  private String stackTrace(Throwable error) {
    StringWriter text = new StringWriter();
    error.printStackTrace(new PrintWriter(text));
    String trace = text.toString();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable cause = error; cause != null && seen.put(cause, Boolean.TRUE) == null; cause = cause.getCause()) {
      String raw = cause.getMessage();
      if (raw != null && !raw.isEmpty()) {
        String safe = message(cause);
        trace = trace.replace(raw, safe == null ? "" : safe);
      }
    }
    return trace;
  }
}
