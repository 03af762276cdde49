package dev.sightline.agent.endpoint;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documents of /traces: the recent spans grouped by trace (all of them, or one trace with
 * {@code ?traceId=}), or with {@code ?view=summary} one line per trace, which is what the
 * viewer's list needs and a fraction of the size.
 */
final class TracesJson {

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  /** Names and routes a summary lists for the viewer's "contains" filter. */
  private static final int MAX_SUMMARY_NAMES = 32;

  private TracesJson() {}

  /** Newest trace first; spans of a trace by start time. */
  static String document(List<SpanData> recent, String service, int capacity, String wantedTraceId, boolean summary) {
    Map<String, List<SpanData>> byTrace = new LinkedHashMap<>();
    for (int i = recent.size() - 1; i >= 0; i--) {
      SpanData span = recent.get(i);
      if (wantedTraceId == null || wantedTraceId.equals(span.getTraceId())) {
        byTrace.computeIfAbsent(span.getTraceId(), id -> new ArrayList<>()).add(span);
      }
    }
    JsonWriter json = new JsonWriter().beginObject();
    json.field("service", service);
    json.field("bufferCapacity", capacity);
    json.field("spanCount", recent.size());
    json.name("traces").beginArray();
    List<List<SpanData>> traces = new ArrayList<>(byTrace.values());
    for (List<SpanData> spans : traces) {
      spans.sort((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()));
    }
    if (summary) {
      traces.sort((a, b) -> Long.compare(b.get(0).getStartEpochNanos(), a.get(0).getStartEpochNanos()));
    }
    for (List<SpanData> spans : traces) {
      if (summary) {
        writeSummary(json, spans, service);
      } else {
        json.beginObject().field("traceId", spans.get(0).getTraceId()).field("spanCount", spans.size());
        json.name("spans").beginArray();
        for (SpanData span : spans) {
          writeSpan(json, span);
        }
        json.endArray().endObject();
      }
    }
    return json.endArray().endObject().toString();
  }

  private static void writeSummary(JsonWriter json, List<SpanData> spans, String defaultService) {
    Set<String> ids = new HashSet<>();
    for (SpanData span : spans) {
      ids.add(span.getSpanId());
    }
    SpanData root = null;
    SpanData orphan = null;
    long end = Long.MIN_VALUE;
    int errors = 0;
    Set<String> names = new LinkedHashSet<>();
    for (SpanData span : spans) {
      end = Math.max(end, span.getEndEpochNanos());
      if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
        errors++;
      }
      if (!span.getParentSpanContext().isValid()) {
        root = root == null ? span : root;
      } else if (orphan == null && !ids.contains(span.getParentSpanId())) {
        orphan = span;
      }
      if (names.size() < MAX_SUMMARY_NAMES) {
        names.add(span.getName());
        String route = span.getAttributes().get(HTTP_ROUTE);
        if (route != null) {
          names.add(route);
        }
      }
    }
    // The first root, else the first span whose parent is elsewhere: what the trace is "about".
    SpanData top = root != null ? root : orphan != null ? orphan : spans.get(0);
    long start = spans.get(0).getStartEpochNanos();
    String service = top.getResource().getAttribute(SERVICE_NAME);
    json.beginObject()
        .field("traceId", top.getTraceId())
        .field("startMicros", start / 1000)
        .field("start", Instant.ofEpochSecond(0, start).toString());
    json.name("durationMillis").value((end - start) / 1e6);
    json.field("spanCount", spans.size())
        .field("errorCount", errors)
        .field("service", service == null ? defaultService : service)
        .field("rootName", top.getName())
        .field("rootKind", top.getKind().name())
        .field("rootSpanId", top.getSpanId())
        .field("rootParent", parentState(top, ids));
    json.name("names").any(names);
    json.endObject();
  }

  /** Null for a root; "remote" when the parent is in another process; "missing" when it is not here (yet). */
  private static String parentState(SpanData span, Set<String> idsHere) {
    SpanContext parent = span.getParentSpanContext();
    if (!parent.isValid() || idsHere.contains(parent.getSpanId())) {
      return null;
    }
    return parent.isRemote() ? "remote" : "missing";
  }

  private static void writeSpan(JsonWriter json, SpanData span) {
    SpanContext parent = span.getParentSpanContext();
    json.beginObject()
        .field("spanId", span.getSpanId())
        .field("parentSpanId", parent.isValid() ? span.getParentSpanId() : null);
    if (parent.isValid() && parent.isRemote()) {
      json.name("parentRemote").value(true);
    }
    json.field("name", span.getName())
        .field("kind", span.getKind().name())
        .field("start", Instant.ofEpochSecond(0, span.getStartEpochNanos()).toString())
        .field("startMicros", span.getStartEpochNanos() / 1000);
    json.name("durationMillis").value((span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6);
    json.field("status", span.getStatus().getStatusCode().name());
    if (!span.getStatus().getDescription().isEmpty()) {
      json.field("statusMessage", span.getStatus().getDescription());
    }
    json.field("scope", span.getInstrumentationScopeInfo().getName());
    json.name("attributes").beginObject();
    span.getAttributes().forEach((AttributeKey<?> key, Object value) -> json.name(key.getKey()).any(value));
    json.endObject();
    if (!span.getEvents().isEmpty()) {
      json.name("events").beginArray();
      for (EventData event : span.getEvents()) {
        json.beginObject().field("name", event.getName()).field("timeMicros", event.getEpochNanos() / 1000);
        json.name("attributes").beginObject();
        event.getAttributes().forEach((AttributeKey<?> key, Object value) -> json.name(key.getKey()).any(value));
        json.endObject().endObject();
      }
      json.endArray();
    }
    if (!span.getLinks().isEmpty()) {
      json.name("links").beginArray();
      for (LinkData link : span.getLinks()) {
        json.beginObject()
            .field("traceId", link.getSpanContext().getTraceId())
            .field("spanId", link.getSpanContext().getSpanId())
            .endObject();
      }
      json.endArray();
    }
    json.endObject();
  }
}
