package dev.sightline.instrumentation.log4j;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.config.AgentConfig;
import dev.sightline.agent.logs.LogCorrelation;
import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.Library;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.bootstrap.Handlers;
import java.util.Collections;
import java.util.List;

/**
 * Log4j 2: the injector that fills each log event's context data from the thread context is
 * wrapped, once, where Log4j creates it, so every event (synchronous, async loggers, filters
 * reading the context) also carries the current span's ids.
 */
public final class Log4jInstrumentation implements InstrumentationModule {

  private static final String INJECTOR_FACTORY = "org.apache.logging.log4j.core.impl.ContextDataInjectorFactory";

  static final Library LOG4J_CORE =
      Library.of(
              "log4j-core",
              "org.apache.logging.log4j.core.ContextDataInjector",
              "dev.sightline.instrumentation.log4j.Log4jHandlers",
              Handlers.LOG4J_CONTEXT_DATA)
          .requires(INJECTOR_FACTORY, "createInjector")
          .requires("org.apache.logging.log4j.core.ContextDataInjector", "injectContextData", "rawContextData")
          .requires("org.apache.logging.log4j.util.StringMap", "putValue", "isFrozen")
          .requires("org.apache.logging.log4j.util.SortedArrayStringMap");

  @Override
  public String name() {
    return "log4j";
  }

  @Override
  public List<Library> libraries() {
    // Served only where transforms() weaves, which it does only while log correlation is on.
    return Collections.singletonList(LOG4J_CORE);
  }

  @Override
  public List<TypeTransform> transforms() {
    if (!LogCorrelation.enabled(AgentConfig.fromSystem())) {
      return Collections.emptyList();
    }
    return Collections.singletonList(
        TypeTransform.forType(INJECTOR_FACTORY)
            .library(LOG4J_CORE)
            .advise(named("createInjector").and(isStatic()).and(isPublic()).and(takesArguments(0)),
                InjectorCreatedAdvice.class.getName()));
  }
}
