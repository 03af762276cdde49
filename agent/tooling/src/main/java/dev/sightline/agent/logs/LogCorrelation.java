package dev.sightline.agent.logs;

import dev.sightline.agent.config.AgentConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The trace ids a log line written while a span is current carries in its logging context (SLF4J's
 * MDC, Log4j's context data) under keys the user may rename. Nothing is ever written to a thread's
 * own logging context: the ids are added to the copy a log event takes of it, so no key can outlive
 * its span on a thread, and an event with no current span gets its context untouched.
 */
public final class LogCorrelation {

  public static final String TRACE_ID_KEY = "sightline.logs.mdc.trace-id";
  public static final String SPAN_ID_KEY = "sightline.logs.mdc.span-id";
  public static final String TRACE_FLAGS_KEY = "sightline.logs.mdc.trace-flags";
  public static final String ENABLED_KEY = "sightline.logs.mdc.enabled";

  /** What a consumer of the ids does with each of them (puts it in a map of its logging library). */
  public interface Sink<T> {
    void put(T target, String key, String value);
  }

  private final String traceIdKey;
  private final String spanIdKey;
  private final String traceFlagsKey;

  public LogCorrelation(String traceIdKey, String spanIdKey, String traceFlagsKey) {
    this.traceIdKey = traceIdKey;
    this.spanIdKey = spanIdKey;
    this.traceFlagsKey = traceFlagsKey;
  }

  /** The keys configured, or the OpenTelemetry agent's defaults that users' patterns already name. */
  public static LogCorrelation fromConfig(AgentConfig config) {
    return new LogCorrelation(
        key(config, TRACE_ID_KEY, "trace_id"), key(config, SPAN_ID_KEY, "span_id"), key(config, TRACE_FLAGS_KEY, "trace_flags"));
  }

  /** Whether log correlation is on ({@value #ENABLED_KEY}, default true); each library has its switch too. */
  public static boolean enabled(AgentConfig config) {
    return config.getBoolean(ENABLED_KEY, true);
  }

  private static String key(AgentConfig config, String setting, String defaultKey) {
    String key = config.getString(setting, defaultKey).trim();
    return key.isEmpty() ? defaultKey : key;
  }

  public String traceIdKey() {
    return traceIdKey;
  }

  /**
   * The logging context {@code mdc} with the current span's ids added, as a new read-only map;
   * {@code mdc} itself when no valid span is current or the application put a trace id there itself.
   */
  public Map<String, String> withTraceIds(Map<String, String> mdc) {
    SpanContext span = currentSpan();
    if (span == null || (mdc != null && mdc.containsKey(traceIdKey))) {
      return mdc;
    }
    Map<String, String> withIds = new HashMap<>(mdc == null ? 4 : mdc.size() + 4);
    if (mdc != null) {
      withIds.putAll(mdc);
    }
    put(span, withIds, Map::put);
    return Collections.unmodifiableMap(withIds);
  }

  /** The current span's context, or null when no valid span is current: a log event then needs nothing more. */
  public SpanContext currentSpan() {
    SpanContext span = Span.current().getSpanContext();
    return span.isValid() ? span : null;
  }

  /** Puts the ids of {@code span} (from {@link #currentSpan()}) into {@code target}. */
  public <T> void put(SpanContext span, T target, Sink<T> sink) {
    sink.put(target, traceIdKey, span.getTraceId());
    sink.put(target, spanIdKey, span.getSpanId());
    sink.put(target, traceFlagsKey, span.getTraceFlags().asHex());
  }
}
