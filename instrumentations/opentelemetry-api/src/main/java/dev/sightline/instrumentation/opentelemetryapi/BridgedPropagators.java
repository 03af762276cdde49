package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.context.Context;
import application.io.opentelemetry.context.propagation.ContextPropagators;
import application.io.opentelemetry.context.propagation.TextMapGetter;
import application.io.opentelemetry.context.propagation.TextMapPropagator;
import application.io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;

/** The agent's propagators (W3C trace context and baggage, or what otel.propagators names) for the application. */
final class BridgedPropagators implements ContextPropagators {

  private final TextMapPropagator textMap;

  BridgedPropagators(io.opentelemetry.context.propagation.TextMapPropagator agent, ContextBridge bridge) {
    this.textMap = new TextMapPropagator() {
      @Override
      public Collection<String> fields() {
        return agent.fields();
      }

      @Override
      public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
        if (setter != null) {
          agent.inject(bridge.toAgent(context), carrier, setter::set);
        }
      }

      @Override
      public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
        if (getter == null) {
          return context;
        }
        return bridge.toApplication(agent.extract(bridge.toAgent(context), carrier,
            new io.opentelemetry.context.propagation.TextMapGetter<C>() {
              @Override
              public Iterable<String> keys(C from) {
                return getter.keys(from);
              }

              @Override
              public String get(C from, String key) {
                return getter.get(from, key);
              }
            }));
      }
    };
  }

  @Override
  public TextMapPropagator getTextMapPropagator() {
    return textMap;
  }
}
