package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.api.common.AttributeKey;
import application.io.opentelemetry.api.common.Attributes;
import application.io.opentelemetry.api.trace.Span;
import application.io.opentelemetry.api.trace.SpanBuilder;
import application.io.opentelemetry.api.trace.SpanContext;
import application.io.opentelemetry.api.trace.SpanKind;
import application.io.opentelemetry.context.Context;
import java.util.concurrent.TimeUnit;

/** The application's span builder over the agent's: with no parent set, the agent's current context is the parent. */
final class BridgedSpanBuilder implements SpanBuilder {

  private final io.opentelemetry.api.trace.SpanBuilder agent;
  private final ContextBridge bridge;

  BridgedSpanBuilder(io.opentelemetry.api.trace.SpanBuilder agent, ContextBridge bridge) {
    this.agent = agent;
    this.bridge = bridge;
  }

  @Override
  public SpanBuilder setParent(Context context) {
    if (context != null) {
      agent.setParent(bridge.toAgent(context));
    }
    return this;
  }

  @Override
  public SpanBuilder setNoParent() {
    agent.setNoParent();
    return this;
  }

  @Override
  public SpanBuilder addLink(SpanContext spanContext) {
    if (spanContext != null) {
      agent.addLink(Spans.toAgent(spanContext));
    }
    return this;
  }

  @Override
  public SpanBuilder addLink(SpanContext spanContext, Attributes attributes) {
    if (spanContext != null) {
      agent.addLink(Spans.toAgent(spanContext), AttributeConversions.toAgent(attributes));
    }
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, String value) {
    agent.setAttribute(key, value);
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, long value) {
    agent.setAttribute(key, value);
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, double value) {
    agent.setAttribute(key, value);
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, boolean value) {
    agent.setAttribute(key, value);
    return this;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T> SpanBuilder setAttribute(AttributeKey<T> key, T value) {
    if (key != null && value != null) {
      io.opentelemetry.api.common.AttributeKey agentKey = AttributeConversions.toAgent(key);
      agent.setAttribute(agentKey, AttributeConversions.value(agentKey, value));
    }
    return this;
  }

  @Override
  public SpanBuilder setSpanKind(SpanKind kind) {
    agent.setSpanKind(Spans.toAgent(kind));
    return this;
  }

  @Override
  public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
    agent.setStartTimestamp(startTimestamp, unit);
    return this;
  }

  @Override
  public Span startSpan() {
    return new BridgedSpan(agent.startSpan());
  }
}
