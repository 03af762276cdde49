package dev.sightline.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.LazyHandler;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handlers;
import java.util.Arrays;
import java.util.List;

/**
 * OkHttp 4: a CLIENT span per call around {@code RealCall.getResponseWithInterceptorChain},
 * which both {@code execute} and an enqueued call's worker run, and in which the retry and
 * follow-up loop turns. Requests are immutable: the chain's first {@code proceed} gets a copy
 * with the trace headers, which every interceptor, retry and redirect then starts from.
 */
public final class OkHttpInstrumentation implements InstrumentationModule {

  private static final String REAL_CALL = "okhttp3.internal.connection.RealCall";

  private OkHttpCalls calls;

  @Override
  public String name() {
    return "okhttp";
  }

  @Override
  public void registerHandlers(Telemetry telemetry) {
    Handlers.register(Handlers.OKHTTP_EXECUTE, LazyHandler.of(name(), () -> calls(telemetry).execute()));
    Handlers.register(Handlers.OKHTTP_ENQUEUE, LazyHandler.of(name(), () -> calls(telemetry).enqueue()));
    Handlers.register(Handlers.OKHTTP_CHAIN_START, LazyHandler.of(name(), () -> calls(telemetry).chainStart()));
    Handlers.register(Handlers.OKHTTP_ATTEMPT, LazyHandler.of(name(), () -> calls(telemetry).attempt()));
  }

  /** One state shared by the four handlers, created at the first call into OkHttp. */
  private synchronized OkHttpCalls calls(Telemetry telemetry) {
    if (calls == null) {
      calls = new OkHttpCalls(telemetry);
    }
    return calls;
  }

  @Override
  public List<TypeTransform> transforms() {
    return Arrays.asList(
        TypeTransform.forType(REAL_CALL)
            // Kotlin names the internal method getResponseWithInterceptorChain$okhttp.
            .advise(
                nameStartsWith("getResponseWithInterceptorChain").and(takesArguments(0)),
                CallAdvice.class.getName())
            .advise(named("enqueue").and(takesArguments(1)), EnqueueAdvice.class.getName())
            .advise(named("enterNetworkInterceptorExchange"), AttemptAdvice.class.getName()),
        TypeTransform.forType("okhttp3.internal.http.RealInterceptorChain")
            .advise(
                named("proceed").and(takesArguments(1)).and(takesArgument(0, named("okhttp3.Request"))),
                ChainStartAdvice.class.getName()));
  }
}
