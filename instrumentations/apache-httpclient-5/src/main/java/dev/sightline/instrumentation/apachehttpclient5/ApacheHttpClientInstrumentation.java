package dev.sightline.instrumentation.apachehttpclient5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.Library;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.bootstrap.Handlers;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Apache HttpClient 5, classic API: every {@code CloseableHttpClient.execute} overload ends in
 * {@code doExecute(HttpHost, ClassicHttpRequest, HttpContext)} of the two implementations the
 * builders make. Retries and redirects run inside it, so its span is the logical request. The
 * async clients' {@code execute} overloads likewise end in a six-argument {@code doExecute}.
 */
public final class ApacheHttpClientInstrumentation implements InstrumentationModule {

  /** HttpClient 5 and the HttpCore 5 API its handlers use. */
  static final Library HTTPCLIENT5 =
      Library.of(
              "httpclient5",
              "org.apache.hc.client5.http.impl.classic.CloseableHttpClient",
              "dev.sightline.instrumentation.apachehttpclient5.ApacheHttpClientHandlers",
              Handlers.APACHE_HTTPCLIENT_EXECUTE,
              Handlers.APACHE_HTTPCLIENT_ASYNC_EXECUTE)
          .requires("org.apache.hc.client5.http.protocol.HttpClientContext", "getRedirectLocations")
          .requires("org.apache.hc.client5.http.protocol.RedirectLocations", "size")
          .requires("org.apache.hc.core5.http.HttpRequest", "getUri", "getRequestUri", "getAuthority", "setHeader")
          .requires("org.apache.hc.core5.http.nio.AsyncRequestProducer")
          .requires("org.apache.hc.core5.http.nio.AsyncResponseConsumer");

  @Override
  public String name() {
    return "apache-httpclient-5";
  }

  @Override
  public List<Library> libraries() {
    return Collections.singletonList(HTTPCLIENT5);
  }

  @Override
  public List<TypeTransform> transforms() {
    return Arrays.asList(
        TypeTransform.forTypes(
                namedOneOf(
                    "org.apache.hc.client5.http.impl.classic.InternalHttpClient",
                    "org.apache.hc.client5.http.impl.classic.MinimalHttpClient"))
            .library(HTTPCLIENT5)
            .advise(named("doExecute").and(takesArguments(3)), ExecuteAdvice.class.getName()),
        TypeTransform.forTypes(
                namedOneOf(
                    "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient",
                    "org.apache.hc.client5.http.impl.async.AbstractMinimalHttpAsyncClientBase"))
            .library(HTTPCLIENT5)
            .advise(named("doExecute").and(takesArguments(6)), AsyncExecuteAdvice.class.getName()));
  }
}
