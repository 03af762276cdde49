package dev.sightline.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.Library;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.bootstrap.Handlers;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * OkHttp 4: a CLIENT span per call around {@code RealCall.getResponseWithInterceptorChain},
 * which both {@code execute} and an enqueued call's worker run, and in which the retry and
 * follow-up loop turns. Requests are immutable: the chain's first {@code proceed} gets a copy
 * with the trace headers, which every interceptor, retry and redirect then starts from.
 */
public final class OkHttpInstrumentation implements InstrumentationModule {

  private static final String REAL_CALL = "okhttp3.internal.connection.RealCall";

  /** OkHttp 4: the classes and methods the handlers and advice use. */
  static final Library OKHTTP =
      Library.of(
              "okhttp",
              "okhttp3.OkHttpClient",
              "dev.sightline.instrumentation.okhttp.OkHttpCalls",
              Handlers.OKHTTP_EXECUTE,
              Handlers.OKHTTP_ENQUEUE,
              Handlers.OKHTTP_CHAIN_START,
              Handlers.OKHTTP_ATTEMPT)
          .requires(REAL_CALL, "request")
          .requires("okhttp3.Request", "method", "url", "newBuilder")
          .requires("okhttp3.Request$Builder", "header", "build")
          .requires("okhttp3.HttpUrl", "uri")
          .requires("okhttp3.Response", "code");

  @Override
  public String name() {
    return "okhttp";
  }

  @Override
  public List<Library> libraries() {
    return Collections.singletonList(OKHTTP);
  }

  @Override
  public List<TypeTransform> transforms() {
    return Arrays.asList(
        TypeTransform.forType(REAL_CALL)
            .library(OKHTTP)
            // Kotlin names the internal method getResponseWithInterceptorChain$okhttp.
            .advise(
                nameStartsWith("getResponseWithInterceptorChain").and(takesArguments(0)),
                CallAdvice.class.getName())
            .advise(named("enqueue").and(takesArguments(1)), EnqueueAdvice.class.getName())
            .advise(named("enterNetworkInterceptorExchange"), AttemptAdvice.class.getName()),
        TypeTransform.forType("okhttp3.internal.http.RealInterceptorChain")
            .library(OKHTTP)
            .advise(
                named("proceed").and(takesArguments(1)).and(takesArgument(0, named("okhttp3.Request"))),
                ChainStartAdvice.class.getName()));
  }
}
