package dev.sightline.instrumentation.javahttpclient;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handlers;
import java.util.Collections;
import java.util.List;

/**
 * {@code java.net.http.HttpClient}: woven into the JDK's one implementation class, whose
 * public {@code send} and {@code sendAsync} every facade call reaches.
 */
public final class JavaHttpClientInstrumentation implements InstrumentationModule {

  @Override
  public String name() {
    return "java-http-client";
  }

  @Override
  public void registerHandlers(Telemetry telemetry) {
    Handlers.register(Handlers.JAVA_HTTP_CLIENT_SEND, new SendHandler(telemetry));
  }

  @Override
  public List<TypeTransform> transforms() {
    return Collections.singletonList(
        TypeTransform.forType("jdk.internal.net.http.HttpClientImpl")
            .advise(
                namedOneOf("send", "sendAsync").and(isPublic()).and(takesArgument(0, named("java.net.http.HttpRequest"))),
                SendAdvice.class.getName()));
  }
}
