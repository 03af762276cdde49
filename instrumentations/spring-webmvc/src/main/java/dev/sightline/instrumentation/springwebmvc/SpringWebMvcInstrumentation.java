package dev.sightline.instrumentation.springwebmvc;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.TypeTransform;
import java.util.Collections;
import java.util.List;

/**
 * Spring Web MVC: every handler mapping (annotated controllers, functional routes, the {@code /**}
 * resource fallback) leaves the pattern it matched in a request attribute when it finds a
 * handler; the servlet instrumentation's handlers, for the servlet API copy Spring uses, turn it
 * into the server span's route. This module has no handlers of its own.
 */
public final class SpringWebMvcInstrumentation implements InstrumentationModule {

  @Override
  public String name() {
    return "spring-webmvc";
  }

  @Override
  public List<TypeTransform> transforms() {
    return Collections.singletonList(
        TypeTransform.forType("org.springframework.web.servlet.handler.AbstractHandlerMapping")
            .classLoaderHas("org.springframework.web.servlet.HandlerMapping")
            .advise(named("getHandler").and(isPublic()).and(takesArguments(1)), HandlerMatchedAdvice.class.getName()));
  }
}
