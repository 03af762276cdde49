package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.context.Context;
import application.io.opentelemetry.context.ContextKey;

/** An application context that is an agent context underneath. */
final class BridgedContext implements Context {

  private final ContextBridge bridge;
  final io.opentelemetry.context.Context agent;

  BridgedContext(ContextBridge bridge, io.opentelemetry.context.Context agent) {
    this.bridge = bridge;
    this.agent = agent;
  }

  @Override
  public <V> V get(ContextKey<V> key) {
    return bridge.get(agent, key);
  }

  @Override
  public <V> Context with(ContextKey<V> key, V value) {
    return new BridgedContext(bridge, bridge.with(agent, key, value));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BridgedContext && ((BridgedContext) other).agent.equals(agent);
  }

  @Override
  public int hashCode() {
    return agent.hashCode();
  }

  @Override
  public String toString() {
    return "BridgedContext{" + agent + "}";
  }
}
