package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.context.Context;
import application.io.opentelemetry.context.ContextStorage;
import application.io.opentelemetry.context.Scope;

/**
 * The application's context storage: making a context current makes the agent's counterpart
 * current, and the current context is the agent's, so both sides always agree on what is current.
 */
final class BridgedContextStorage implements ContextStorage {

  private final ContextBridge bridge;

  BridgedContextStorage(ContextBridge bridge) {
    this.bridge = bridge;
  }

  @Override
  public Scope attach(Context toAttach) {
    if (toAttach == null) {
      return Scope.noop();
    }
    io.opentelemetry.context.Scope scope = bridge.toAgent(toAttach).makeCurrent();
    return scope::close;
  }

  @Override
  public Context current() {
    return bridge.toApplication(io.opentelemetry.context.Context.current());
  }

  @Override
  public Context root() {
    return bridge.toApplication(io.opentelemetry.context.Context.root());
  }
}
