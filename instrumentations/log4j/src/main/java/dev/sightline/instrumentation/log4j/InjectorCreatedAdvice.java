package dev.sightline.instrumentation.log4j;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** {@code ContextDataInjectorFactory.createInjector()}: Log4j gets the injector wrapped. */
public final class InjectorCreatedAdvice {

  private InjectorCreatedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object injector) {
    injector = Handlers.forClass(Handlers.LOG4J_CONTEXT_DATA, origin).replaceArgument(null, injector);
  }
}
