package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.api.common.AttributeKey;
import application.io.opentelemetry.api.common.Attributes;
import application.io.opentelemetry.api.trace.Span;
import application.io.opentelemetry.api.trace.SpanContext;
import application.io.opentelemetry.api.trace.StatusCode;
import java.util.concurrent.TimeUnit;

/** An agent span seen through the application's API: every call goes to the agent's span. */
final class BridgedSpan implements Span {

  final io.opentelemetry.api.trace.Span agent;
  private volatile SpanContext context;

  BridgedSpan(io.opentelemetry.api.trace.Span agent) {
    this.agent = agent;
  }

  @Override
  public Span setAttribute(String key, String value) {
    agent.setAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, long value) {
    agent.setAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, double value) {
    agent.setAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, boolean value) {
    agent.setAttribute(key, value);
    return this;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T> Span setAttribute(AttributeKey<T> key, T value) {
    if (key != null && value != null) {
      io.opentelemetry.api.common.AttributeKey agentKey = AttributeConversions.toAgent(key);
      agent.setAttribute(agentKey, AttributeConversions.value(agentKey, value));
    }
    return this;
  }

  @Override
  public Span addEvent(String name) {
    agent.addEvent(name);
    return this;
  }

  @Override
  public Span addEvent(String name, long timestamp, TimeUnit unit) {
    agent.addEvent(name, timestamp, unit);
    return this;
  }

  @Override
  public Span addEvent(String name, Attributes attributes) {
    agent.addEvent(name, AttributeConversions.toAgent(attributes));
    return this;
  }

  @Override
  public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
    agent.addEvent(name, AttributeConversions.toAgent(attributes), timestamp, unit);
    return this;
  }

  @Override
  public Span setStatus(StatusCode code) {
    agent.setStatus(Spans.toAgent(code));
    return this;
  }

  @Override
  public Span setStatus(StatusCode code, String description) {
    agent.setStatus(Spans.toAgent(code), description);
    return this;
  }

  @Override
  public Span recordException(Throwable exception) {
    agent.recordException(exception);
    return this;
  }

  @Override
  public Span recordException(Throwable exception, Attributes attributes) {
    agent.recordException(exception, AttributeConversions.toAgent(attributes));
    return this;
  }

  @Override
  public Span updateName(String name) {
    agent.updateName(name);
    return this;
  }

  @Override
  public void end() {
    agent.end();
  }

  @Override
  public void end(long timestamp, TimeUnit unit) {
    agent.end(timestamp, unit);
  }

  @Override
  public SpanContext getSpanContext() {
    SpanContext converted = context;
    if (converted == null) {
      converted = Spans.toApplication(agent.getSpanContext());
      context = converted;
    }
    return converted;
  }

  @Override
  public boolean isRecording() {
    return agent.isRecording();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BridgedSpan && ((BridgedSpan) other).agent.equals(agent);
  }

  @Override
  public int hashCode() {
    return agent.hashCode();
  }

  @Override
  public String toString() {
    return "BridgedSpan{" + agent + "}";
  }
}
