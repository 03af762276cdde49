package dev.sightline.agent.export;

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
import java.util.Collections;
import java.util.List;

/**
 * A span read back from its encoding by {@link OtlpSpanDecoder}, which fills the fields. The
 * parent's trace flags and state are not part of a span's encoding: only its id and whether it
 * was remote come back.
 */
final class DecodedSpanData implements SpanData {

  String name = "";
  SpanKind kind = SpanKind.INTERNAL;
  SpanContext context = SpanContext.getInvalid();
  SpanContext parent = SpanContext.getInvalid();
  StatusData status = StatusData.unset();
  long start;
  long end;
  Attributes attributes = Attributes.empty();
  List<EventData> events = Collections.emptyList();
  List<LinkData> links = Collections.emptyList();
  int droppedAttributes;
  int droppedEvents;
  int droppedLinks;
  private final Resource resource;
  private final InstrumentationScopeInfo scope;

  DecodedSpanData(Resource resource, InstrumentationScopeInfo scope) {
    this.resource = resource;
    this.scope = scope;
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
    return events.size() + droppedEvents;
  }

  @Override
  public int getTotalRecordedLinks() {
    return links.size() + droppedLinks;
  }

  @Override
  public int getTotalAttributeCount() {
    return attributes.size() + droppedAttributes;
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
