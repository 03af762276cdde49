package dev.sightline.instrumentation.apachehttpclient5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.LazyHandler;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handlers;
import java.util.Arrays;
import java.util.List;

/**
 * Apache HttpClient 5, classic API: every {@code CloseableHttpClient.execute} overload ends in
 * {@code doExecute(HttpHost, ClassicHttpRequest, HttpContext)} of the two implementations the
 * builders make. Retries and redirects run inside it, so its span is the logical request. The
 * async clients' {@code execute} overloads likewise end in a six-argument {@code doExecute}.
 */
public final class ApacheHttpClientInstrumentation implements InstrumentationModule {

  @Override
  public String name() {
    return "apache-httpclient-5";
  }

  @Override
  public void registerHandlers(Telemetry telemetry) {
    Handlers.register(
        Handlers.APACHE_HTTPCLIENT_EXECUTE, LazyHandler.of(name(), () -> new ExecuteHandler(telemetry)));
    Handlers.register(
        Handlers.APACHE_HTTPCLIENT_ASYNC_EXECUTE, LazyHandler.of(name(), () -> new AsyncExecuteHandler(telemetry)));
  }

  @Override
  public List<TypeTransform> transforms() {
    return Arrays.asList(
        TypeTransform.forTypes(
                namedOneOf(
                    "org.apache.hc.client5.http.impl.classic.InternalHttpClient",
                    "org.apache.hc.client5.http.impl.classic.MinimalHttpClient"))
            .advise(named("doExecute").and(takesArguments(3)), ExecuteAdvice.class.getName()),
        TypeTransform.forTypes(
                namedOneOf(
                    "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient",
                    "org.apache.hc.client5.http.impl.async.AbstractMinimalHttpAsyncClientBase"))
            .advise(named("doExecute").and(takesArguments(6)), AsyncExecuteAdvice.class.getName()));
  }
}
