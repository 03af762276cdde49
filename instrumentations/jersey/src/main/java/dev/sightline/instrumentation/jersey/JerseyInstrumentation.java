package dev.sightline.instrumentation.jersey;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.Library;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.bootstrap.Handlers;
import java.util.Collections;
import java.util.List;

/**
 * Jersey 2 and 3: when a resource method is about to be invoked, the templates Jersey matched on
 * the way to it ({@code @Path} of the application, the resource, the method) are the route.
 */
public final class JerseyInstrumentation implements InstrumentationModule {

  private static final String PROCESSING_CONTEXT = "org.glassfish.jersey.server.internal.process.RequestProcessingContext";

  static final Library JERSEY_SERVER =
      Library.of(
              "jersey-server",
              "org.glassfish.jersey.server.ContainerRequest",
              "dev.sightline.instrumentation.jersey.JerseyHandlers",
              Handlers.JAXRS_ROUTE)
          .requires(PROCESSING_CONTEXT, "request")
          .requires("org.glassfish.jersey.server.ContainerRequest", "getUriInfo", "getBaseUri")
          .requires("org.glassfish.jersey.server.ExtendedUriInfo", "getMatchedTemplates")
          .requires("org.glassfish.jersey.uri.UriTemplate", "getTemplate");

  @Override
  public String name() {
    return "jersey";
  }

  @Override
  public List<Library> libraries() {
    return Collections.singletonList(JERSEY_SERVER);
  }

  @Override
  public List<TypeTransform> transforms() {
    return Collections.singletonList(
        TypeTransform.forType("org.glassfish.jersey.server.model.ResourceMethodInvoker")
            .library(JERSEY_SERVER)
            .advise(
                named("apply").and(takesArguments(1)).and(takesArgument(0, named(PROCESSING_CONTEXT))),
                ResourceMatchedAdvice.class.getName()));
  }
}
