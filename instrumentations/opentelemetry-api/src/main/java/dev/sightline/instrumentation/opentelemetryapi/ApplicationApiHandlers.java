package dev.sightline.instrumentation.opentelemetryapi;

import application.io.opentelemetry.api.OpenTelemetry;
import application.io.opentelemetry.api.trace.TracerProvider;
import application.io.opentelemetry.context.ContextStorage;
import dev.sightline.agent.spi.LibraryHandlers;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.AgentLog;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;
import java.util.concurrent.atomic.AtomicBoolean;

/** For one copy of the application's OpenTelemetry API: its OpenTelemetry and its context storage. */
public final class ApplicationApiHandlers implements LibraryHandlers {

  private final ApplicationOpenTelemetry openTelemetry;
  private final BridgedContextStorage storage;
  private final AtomicBoolean ownSdkSaid = new AtomicBoolean();

  private final Handler global = new Handler() {
    @Override
    public Object argument(Object state, Object returned) {
      if (!(returned instanceof OpenTelemetry) || returned == openTelemetry) {
        return returned;
      }
      if (((OpenTelemetry) returned).getTracerProvider() == TracerProvider.noop()) {
        return openTelemetry;
      }
      if (ownSdkSaid.compareAndSet(false, true)) {
        AgentLog.info("the application installed its own OpenTelemetry with GlobalOpenTelemetry.set ("
            + returned.getClass().getName() + "): its spans and metrics go where it sends them; its context is still"
            + " shared with the agent's spans");
      }
      return returned;
    }
  };

  private final Handler contextStorage = new Handler() {
    @Override
    public Object argument(Object state, Object returned) {
      return returned instanceof ContextStorage ? storage : returned;
    }
  };

  public ApplicationApiHandlers(Telemetry telemetry) {
    ContextBridge bridge = new ContextBridge();
    this.storage = new BridgedContextStorage(bridge);
    this.openTelemetry = new ApplicationOpenTelemetry(telemetry, bridge);
  }

  @Override
  public Handler handler(int slot) {
    switch (slot) {
      case Handlers.OTEL_API_GLOBAL:
        return global;
      case Handlers.OTEL_API_CONTEXT_STORAGE:
        return contextStorage;
      default:
        return null;
    }
  }
}
