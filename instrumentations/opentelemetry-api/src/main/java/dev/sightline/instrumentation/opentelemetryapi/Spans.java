package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.api.trace.Span;
import application.io.opentelemetry.api.trace.SpanContext;
import application.io.opentelemetry.api.trace.SpanKind;
import application.io.opentelemetry.api.trace.StatusCode;
import application.io.opentelemetry.api.trace.TraceFlags;
import application.io.opentelemetry.api.trace.TraceState;

/** Spans, span contexts, kinds and status codes from one side to the other. */
final class Spans {

  private Spans() {}

  static io.opentelemetry.api.trace.Span toAgent(Span span) {
    if (span instanceof BridgedSpan) {
      return ((BridgedSpan) span).agent;
    }
    // A span the application made itself (Span.wrap of a remote parent, the invalid span, or one of
    // an SDK of its own): the agent sees its context.
    return io.opentelemetry.api.trace.Span.wrap(toAgent(span.getSpanContext()));
  }

  static Span toApplication(io.opentelemetry.api.trace.Span span) {
    return new BridgedSpan(span);
  }

  static io.opentelemetry.api.trace.SpanContext toAgent(SpanContext context) {
    if (context == null || !context.isValid()) {
      return io.opentelemetry.api.trace.SpanContext.getInvalid();
    }
    io.opentelemetry.api.trace.TraceStateBuilder state = io.opentelemetry.api.trace.TraceState.builder();
    context.getTraceState().forEach(state::put);
    io.opentelemetry.api.trace.TraceFlags flags =
        io.opentelemetry.api.trace.TraceFlags.fromByte(context.getTraceFlags().asByte());
    return context.isRemote()
        ? io.opentelemetry.api.trace.SpanContext.createFromRemoteParent(
            context.getTraceId(), context.getSpanId(), flags, state.build())
        : io.opentelemetry.api.trace.SpanContext.create(context.getTraceId(), context.getSpanId(), flags, state.build());
  }

  static SpanContext toApplication(io.opentelemetry.api.trace.SpanContext context) {
    if (!context.isValid()) {
      return SpanContext.getInvalid();
    }
    TraceState state = TraceState.getDefault();
    if (!context.getTraceState().isEmpty()) {
      application.io.opentelemetry.api.trace.TraceStateBuilder builder = TraceState.builder();
      context.getTraceState().forEach(builder::put);
      state = builder.build();
    }
    TraceFlags flags = TraceFlags.fromByte(context.getTraceFlags().asByte());
    return context.isRemote()
        ? SpanContext.createFromRemoteParent(context.getTraceId(), context.getSpanId(), flags, state)
        : SpanContext.create(context.getTraceId(), context.getSpanId(), flags, state);
  }

  static io.opentelemetry.api.trace.SpanKind toAgent(SpanKind kind) {
    if (kind == null) {
      return io.opentelemetry.api.trace.SpanKind.INTERNAL;
    }
    try {
      return io.opentelemetry.api.trace.SpanKind.valueOf(kind.name());
    } catch (IllegalArgumentException e) {
      return io.opentelemetry.api.trace.SpanKind.INTERNAL;
    }
  }

  static io.opentelemetry.api.trace.StatusCode toAgent(StatusCode code) {
    if (code == null) {
      return io.opentelemetry.api.trace.StatusCode.UNSET;
    }
    try {
      return io.opentelemetry.api.trace.StatusCode.valueOf(code.name());
    } catch (IllegalArgumentException e) {
      return io.opentelemetry.api.trace.StatusCode.UNSET;
    }
  }
}
