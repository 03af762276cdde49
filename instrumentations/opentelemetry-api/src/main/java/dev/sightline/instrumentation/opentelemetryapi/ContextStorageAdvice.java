package dev.sightline.instrumentation.opentelemetryapi;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** {@code ContextStorage.get()}: the application's context lives in the agent's. */
public final class ContextStorageAdvice {

  private ContextStorageAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object storage) {
    storage = Handlers.forClass(Handlers.OTEL_API_CONTEXT_STORAGE, origin).replaceArgument(null, storage);
  }
}
