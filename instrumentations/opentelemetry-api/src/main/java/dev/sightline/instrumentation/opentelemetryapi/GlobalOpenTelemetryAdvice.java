package dev.sightline.instrumentation.opentelemetryapi;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** {@code GlobalOpenTelemetry.get()}: the application gets the agent's OpenTelemetry unless it set its own. */
public final class GlobalOpenTelemetryAdvice {

  private GlobalOpenTelemetryAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object openTelemetry) {
    openTelemetry = Handlers.forClass(Handlers.OTEL_API_GLOBAL, origin).replaceArgument(null, openTelemetry);
  }
}
