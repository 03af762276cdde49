package dev.sightline.instrumentation.log4j;

import dev.sightline.agent.config.AgentConfig;
import dev.sightline.agent.logs.LogCorrelation;
import dev.sightline.agent.spi.LibraryHandlers;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;
import org.apache.logging.log4j.core.ContextDataInjector;

/** Wraps the injector of one copy of Log4j. */
public final class Log4jHandlers implements LibraryHandlers {

  private final Handler wrap;

  public Log4jHandlers(Telemetry telemetry) {
    LogCorrelation correlation = LogCorrelation.fromConfig(AgentConfig.fromSystem());
    wrap = new Handler() {
      @Override
      public Object argument(Object state, Object injector) {
        return injector instanceof ContextDataInjector && !(injector instanceof TraceIdsInjector)
            ? new TraceIdsInjector((ContextDataInjector) injector, correlation)
            : injector;
      }
    };
  }

  @Override
  public Handler handler(int slot) {
    return slot == Handlers.LOG4J_CONTEXT_DATA ? wrap : null;
  }
}
