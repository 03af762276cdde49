package dev.sightline.instrumentation.logback;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.config.AgentConfig;
import dev.sightline.agent.logs.LogCorrelation;
import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Logback: a log event's MDC map, which it copies from the thread the first time anything asks for
 * it (a pattern's {@code %X}, a JSON encoder, an async appender on the logging thread), gets the
 * current span's ids. Only JDK types cross the advice, so one handler serves every copy of Logback.
 */
public final class LogbackInstrumentation implements InstrumentationModule {

  static final String LOGGING_EVENT = "ch.qos.logback.classic.spi.LoggingEvent";

  @Override
  public String name() {
    return "logback";
  }

  @Override
  public void registerHandlers(Telemetry telemetry) {
    AgentConfig config = AgentConfig.fromSystem();
    if (!LogCorrelation.enabled(config)) {
      return;
    }
    LogCorrelation correlation = LogCorrelation.fromConfig(config);
    Handlers.register(Handlers.LOGBACK_MDC, new Handler() {
      @Override
      @SuppressWarnings("unchecked")
      public Object argument(Object state, Object mdc) {
        return mdc == null || mdc instanceof Map ? correlation.withTraceIds((Map<String, String>) mdc) : mdc;
      }
    });
  }

  @Override
  public List<TypeTransform> transforms() {
    if (!LogCorrelation.enabled(AgentConfig.fromSystem())) {
      return Collections.emptyList();
    }
    return Collections.singletonList(
        TypeTransform.forType(LOGGING_EVENT)
            .classLoaderHas(LOGGING_EVENT)
            .advise(named("getMDCPropertyMap").and(isPublic()).and(takesArguments(0)), MdcMapAdvice.class.getName()));
  }
}
