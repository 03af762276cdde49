package dev.sightline.instrumentation.httpurlconnection;

import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handlers;
import java.util.Collections;
import java.util.List;

/**
 * {@code HttpURLConnection} (http and https, whose delegate extends the same JDK class). A
 * connection has no single "send" call: the span starts at the first of connect,
 * getOutputStream or getInputStream and ends when getInputStream has the response.
 */
public final class HttpUrlConnectionInstrumentation implements InstrumentationModule {

  @Override
  public String name() {
    return "http-url-connection";
  }

  @Override
  public void registerHandlers(Telemetry telemetry) {
    Handlers.register(Handlers.HTTP_URL_CONNECTION, new ConnectionHandler(telemetry));
  }

  @Override
  public List<TypeTransform> transforms() {
    return Collections.singletonList(
        TypeTransform.forType("sun.net.www.protocol.http.HttpURLConnection")
            .advise(
                namedOneOf("connect", "getOutputStream", "getInputStream").and(takesArguments(0)),
                ConnectionAdvice.class.getName()));
  }
}
