package dev.sightline.agent.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.agent.config.AgentConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LogCorrelationTest {

  private static final SpanContext SAMPLED = SpanContext.create(
      "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());

  private final LogCorrelation correlation = new LogCorrelation("trace_id", "span_id", "trace_flags");

  @Test
  void withNoCurrentSpanTheLoggingContextIsReturnedAsItIs() {
    Map<String, String> mdc = Map.of("user", "ada");
    assertSame(mdc, correlation.withTraceIds(mdc));
    assertSame(null, correlation.withTraceIds(null));
    assertNull(correlation.currentSpan());
  }

  @Test
  void whileASpanIsCurrentACopyCarriesItsIdsAndTheApplicationsKeys() {
    Map<String, String> mdc = new HashMap<>(Map.of("user", "ada"));
    try (Scope ignored = Span.wrap(SAMPLED).makeCurrent()) {
      Map<String, String> withIds = correlation.withTraceIds(mdc);
      assertEquals(Map.of("user", "ada", "trace_id", SAMPLED.getTraceId(), "span_id", SAMPLED.getSpanId(),
          "trace_flags", "01"), withIds);
      assertEquals(Map.of("user", "ada"), mdc, "the thread's own context is never written");
      assertThrows(UnsupportedOperationException.class, () -> withIds.put("x", "y"));
      assertSame(withIds, correlation.withTraceIds(withIds), "asked again, the same map");
      assertEquals(SAMPLED.getTraceId(), correlation.withTraceIds(null).get("trace_id"));
    }
    assertSame(mdc, correlation.withTraceIds(mdc), "after the span, nothing is added");
  }

  @Test
  void aTraceIdTheApplicationPutThereItselfWins() {
    Map<String, String> mdc = Map.of("trace_id", "mine");
    try (Scope ignored = Span.wrap(SAMPLED).makeCurrent()) {
      assertSame(mdc, correlation.withTraceIds(mdc));
    }
  }

  @Test
  void anInvalidSpanContextAddsNothing() {
    try (Scope ignored = Span.wrap(SpanContext.getInvalid()).makeCurrent()) {
      assertNull(correlation.currentSpan());
    }
  }

  @Test
  void keysComeFromSettingsAndBlankOnesFallBackToTheDefaults() {
    Properties properties = new Properties();
    properties.setProperty(LogCorrelation.TRACE_ID_KEY, "traceId");
    properties.setProperty(LogCorrelation.SPAN_ID_KEY, " ");
    AgentConfig config = new AgentConfig(properties, Map.of("SIGHTLINE_LOGS_MDC_TRACE_FLAGS", "flags",
        "SIGHTLINE_LOGS_MDC_ENABLED", "false"));
    LogCorrelation fromConfig = LogCorrelation.fromConfig(config);
    Map<String, String> ids = new HashMap<>();
    try (Scope ignored = Span.wrap(SAMPLED).makeCurrent()) {
      fromConfig.put(fromConfig.currentSpan(), ids, Map::put);
    }
    assertEquals(Map.of("traceId", SAMPLED.getTraceId(), "span_id", SAMPLED.getSpanId(), "flags", "01"), ids);
    assertFalse(LogCorrelation.enabled(config));
    assertTrue(LogCorrelation.enabled(new AgentConfig(new Properties(), Map.of())));
  }
}
