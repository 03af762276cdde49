package dev.sightline.instrumentation.opentelemetryapi;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.Library;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.bootstrap.Handlers;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The OpenTelemetry API an application bundles. Two doors are enough: {@code GlobalOpenTelemetry}
 * hands out the agent's tracer, meter and propagators (unless the application installed an SDK of
 * its own), and {@code ContextStorage.get()} hands out a storage that keeps the application's
 * context in the agent's, so a span the application makes current is the parent of the agent's
 * JDBC or HTTP client spans, and {@code Span.current()} in application code sees the agent's server
 * span.
 *
 * <p>Class names are written {@code application.io.opentelemetry...}: the agent jar's shading turns
 * them into the application's {@code io.opentelemetry...}, while the agent's own copy of the API is
 * relocated out of the way.
 */
public final class OpenTelemetryApiInstrumentation implements InstrumentationModule {

  private static final String GLOBAL = "application.io.opentelemetry.api.GlobalOpenTelemetry";
  private static final String CONTEXT_STORAGE = "application.io.opentelemetry.context.ContextStorage";

  static final Library API =
      Library.of(
              "opentelemetry-api",
              GLOBAL,
              "dev.sightline.instrumentation.opentelemetryapi.ApplicationApiHandlers",
              Handlers.OTEL_API_GLOBAL,
              Handlers.OTEL_API_CONTEXT_STORAGE)
          .requires(GLOBAL, "get")
          .requires(CONTEXT_STORAGE, "get", "attach", "current")
          .requires("application.io.opentelemetry.api.trace.Span", "fromContextOrNull", "wrap")
          .requires("application.io.opentelemetry.api.baggage.Baggage", "fromContextOrNull", "builder")
          // The stable metrics API (1.14 and newer).
          .requires("application.io.opentelemetry.api.metrics.MeterProvider", "meterBuilder")
          .requires("application.io.opentelemetry.api.metrics.DoubleGaugeBuilder", "ofLongs");

  @Override
  public String name() {
    return "opentelemetry-api";
  }

  @Override
  public List<Library> libraries() {
    return Collections.singletonList(API);
  }

  @Override
  public List<TypeTransform> transforms() {
    return Arrays.asList(
        TypeTransform.forType(GLOBAL)
            .library(API)
            .advise(named("get").or(named("getOrNoop")).and(isStatic()).and(isPublic()).and(takesArguments(0)),
                GlobalOpenTelemetryAdvice.class.getName()),
        TypeTransform.forType(CONTEXT_STORAGE)
            .library(API)
            .advise(named("get").and(isStatic()).and(takesArguments(0)), ContextStorageAdvice.class.getName()));
  }
}
