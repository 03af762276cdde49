package dev.sightline.agent.telemetry;

import dev.sightline.agent.export.OtlpSpanDecoder;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;

/**
 * A span of the /traces ring, read back from the encoding the ring keeps ({@link OtlpSpanDecoder}).
 * The parent's trace flags and state are not part of a span's encoding: /traces shows only its id.
 */
final class RecentSpanData implements SpanData {

  private final String name;
  private final SpanKind kind;
  private final SpanContext context;
  private final SpanContext parent;
  private final StatusData status;
  private final long start;
  private final long end;
  private final Attributes attributes;
  private final List<EventData> events;
  private final List<LinkData> links;
  private final int totalEvents;
  private final int totalLinks;
  private final int totalAttributes;
  private final InstrumentationScopeInfo scope;
  private final Resource resource;

  RecentSpanData(OtlpSpanDecoder.DecodedSpan span, Resource resource, InstrumentationScopeInfo scope) {
    name = span.name;
    kind = span.kind;
    context = span.context;
    parent = span.parent;
    status = span.status;
    start = span.start;
    end = span.end;
    attributes = span.attributes;
    events = span.events;
    links = span.links;
    totalEvents = span.events.size() + span.droppedEvents;
    totalLinks = span.links.size() + span.droppedLinks;
    totalAttributes = span.attributes.size() + span.droppedAttributes;
    this.scope = scope;
    this.resource = resource;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public SpanKind getKind() {
    return kind;
  }

  @Override
  public SpanContext getSpanContext() {
    return context;
  }

  @Override
  public SpanContext getParentSpanContext() {
    return parent;
  }

  @Override
  public StatusData getStatus() {
    return status;
  }

  @Override
  public long getStartEpochNanos() {
    return start;
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public List<EventData> getEvents() {
    return events;
  }

  @Override
  public List<LinkData> getLinks() {
    return links;
  }

  @Override
  public long getEndEpochNanos() {
    return end;
  }

  @Override
  public boolean hasEnded() {
    return true;
  }

  @Override
  public int getTotalRecordedEvents() {
    return totalEvents;
  }

  @Override
  public int getTotalRecordedLinks() {
    return totalLinks;
  }

  @Override
  public int getTotalAttributeCount() {
    return totalAttributes;
  }

  @Override
  @SuppressWarnings("deprecation") // still part of the interface
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return InstrumentationLibraryInfo.create(scope.getName(), scope.getVersion(), scope.getSchemaUrl());
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return scope;
  }

  @Override
  public Resource getResource() {
    return resource;
  }
}
