package dev.sightline.instrumentation.jersey;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** {@code ResourceMethodInvoker.apply(context)}: the request reached its resource method. */
public final class ResourceMatchedAdvice {

  private ResourceMatchedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Origin Class<?> origin, @Advice.Argument(0) Object context) {
    Handlers.forClass(Handlers.JAXRS_ROUTE, origin).enter(context, null);
  }
}
