package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.api.baggage.Baggage;
import application.io.opentelemetry.api.trace.Span;
import application.io.opentelemetry.context.Context;
import application.io.opentelemetry.context.ContextKey;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The application's context as a view of the agent's. The two keys that matter to both sides, the
 * current span and the baggage, are translated; any other key the application uses is stored in
 * the agent's context under a key of the agent's own, so it travels wherever the agent's context
 * travels (thread pools, async requests).
 */
final class ContextBridge {

  /**
   * A span the application made itself (its own SDK's, or {@code Span.wrap}) is kept as it is next
   * to the agent's stand-in for it, so {@code Span.current()} gives the application its own object
   * back, attributes and all, while the agent's spans see its context as their parent.
   */
  private static final io.opentelemetry.context.ContextKey<ApplicationSpan> APPLICATION_SPAN =
      io.opentelemetry.context.ContextKey.named("sightline-application-span");

  private final ContextKey<?> spanKey;
  private final ContextKey<?> baggageKey;
  /** The application's own keys are usually constants; held weakly so a dropped one is forgotten. */
  private final Map<ContextKey<?>, io.opentelemetry.context.ContextKey<Object>> otherKeys = new WeakHashMap<>();

  ContextBridge() {
    // The API keeps its span and baggage keys package-private; storing into a context that records
    // the key it is given reveals them, with no reflection.
    KeyRecorder recorder = new KeyRecorder();
    Span.getInvalid().storeInContext(recorder);
    this.spanKey = recorder.key;
    Baggage.empty().storeInContext(recorder);
    this.baggageKey = recorder.key;
  }

  /** The agent's context the application's {@code context} stands for. */
  io.opentelemetry.context.Context toAgent(Context context) {
    if (context instanceof BridgedContext) {
      return ((BridgedContext) context).agent;
    }
    io.opentelemetry.context.Context agent = io.opentelemetry.context.Context.root();
    if (context == null) {
      return agent;
    }
    // Another implementation (the API's own root, or a context built before the agent's storage
    // was in place): its span and baggage are all that can be read from it.
    Span span = Span.fromContextOrNull(context);
    if (span != null) {
      agent = agent.with(Spans.toAgent(span));
    }
    Baggage baggage = Baggage.fromContextOrNull(context);
    if (baggage != null) {
      agent = agent.with(Baggages.toAgent(baggage));
    }
    return agent;
  }

  Context toApplication(io.opentelemetry.context.Context agent) {
    return new BridgedContext(this, agent);
  }

  @SuppressWarnings("unchecked")
  <V> V get(io.opentelemetry.context.Context agent, ContextKey<V> key) {
    if (key == spanKey) {
      io.opentelemetry.api.trace.Span span = io.opentelemetry.api.trace.Span.fromContextOrNull(agent);
      if (span == null) {
        return null;
      }
      ApplicationSpan own = agent.get(APPLICATION_SPAN);
      return own != null && own.standIn == span ? (V) own.span : (V) Spans.toApplication(span);
    }
    if (key == baggageKey) {
      io.opentelemetry.api.baggage.Baggage baggage = io.opentelemetry.api.baggage.Baggage.fromContextOrNull(agent);
      return baggage == null ? null : (V) Baggages.toApplication(baggage);
    }
    return (V) agent.get(agentKey(key));
  }

  <V> io.opentelemetry.context.Context with(io.opentelemetry.context.Context agent, ContextKey<V> key, V value) {
    if (key == spanKey && value instanceof Span) {
      io.opentelemetry.api.trace.Span standIn = Spans.toAgent((Span) value);
      io.opentelemetry.context.Context withSpan = agent.with(standIn);
      return value instanceof BridgedSpan ? withSpan : withSpan.with(APPLICATION_SPAN, new ApplicationSpan((Span) value, standIn));
    }
    if (key == baggageKey && value instanceof Baggage) {
      return agent.with(Baggages.toAgent((Baggage) value));
    }
    return agent.with(agentKey(key), value);
  }

  private io.opentelemetry.context.ContextKey<Object> agentKey(ContextKey<?> key) {
    synchronized (otherKeys) {
      return otherKeys.computeIfAbsent(key, k -> io.opentelemetry.context.ContextKey.named(String.valueOf(k)));
    }
  }

  /** The application's own span and the agent span that stands in for it. */
  private static final class ApplicationSpan {
    final Span span;
    final io.opentelemetry.api.trace.Span standIn;

    ApplicationSpan(Span span, io.opentelemetry.api.trace.Span standIn) {
      this.span = span;
      this.standIn = standIn;
    }
  }

  /** A context that only notes the key it is asked to store under. */
  private static final class KeyRecorder implements Context {
    ContextKey<?> key;

    @Override
    public <V> V get(ContextKey<V> contextKey) {
      return null;
    }

    @Override
    public <V> Context with(ContextKey<V> contextKey, V value) {
      this.key = contextKey;
      return this;
    }
  }
}
