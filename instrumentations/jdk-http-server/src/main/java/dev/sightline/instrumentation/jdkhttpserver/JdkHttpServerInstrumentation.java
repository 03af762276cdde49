package dev.sightline.instrumentation.jdkhttpserver;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.http.ServerLifecycleHandler;
import dev.sightline.agent.http.ServerOpenedAdvice;
import dev.sightline.agent.http.ServerStartedAdvice;
import dev.sightline.agent.http.ServerStoppedAdvice;
import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handlers;
import java.util.Arrays;
import java.util.List;

/**
 * {@code com.sun.net.httpserver}: a SERVER span per exchange, woven into the filter chain
 * every exchange passes through (system filters, user filters, then the handler), and the
 * server's start and stop for /ready.
 */
public final class JdkHttpServerInstrumentation implements InstrumentationModule {

  @Override
  public String name() {
    return "jdk-http-server";
  }

  @Override
  public void registerHandlers(Telemetry telemetry) {
    Handlers.register(Handlers.JDK_HTTP_SERVER_EXCHANGE, new ExchangeHandler(telemetry));
    Handlers.register(Handlers.SERVER_LIFECYCLE, new ServerLifecycleHandler(telemetry.readiness()));
  }

  @Override
  public List<TypeTransform> transforms() {
    return Arrays.asList(
        TypeTransform.forType("com.sun.net.httpserver.Filter$Chain")
            .advise(named("doFilter").and(takesArguments(1)), ExchangeAdvice.class.getName()),
        TypeTransform.forType("sun.net.httpserver.ServerImpl")
            .advise(isConstructor(), ServerOpenedAdvice.class.getName())
            .advise(named("start").and(takesArguments(0)), ServerStartedAdvice.class.getName())
            .advise(named("stop").and(takesArguments(1)), ServerStoppedAdvice.class.getName()));
  }
}
