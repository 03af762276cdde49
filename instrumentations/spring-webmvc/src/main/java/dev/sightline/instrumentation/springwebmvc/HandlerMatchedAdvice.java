package dev.sightline.instrumentation.springwebmvc;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** {@code AbstractHandlerMapping.getHandler(request)} found a handler: its pattern is the route. */
public final class HandlerMatchedAdvice {

  /** {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}. */
  public static final String PATTERN_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private HandlerMatchedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin, @Advice.Argument(0) Object request, @Advice.Return Object handler) {
    if (handler != null) {
      Handlers.forClass(Handlers.SERVLET_ROUTE, origin).enter(request, PATTERN_ATTRIBUTE);
    }
  }
}
