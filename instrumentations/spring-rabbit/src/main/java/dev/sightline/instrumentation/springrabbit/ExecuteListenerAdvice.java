package dev.sightline.instrumentation.springrabbit;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/**
 * {@code AbstractMessageListenerContainer.executeListener(channel, data)}: the listener runs
 * inside; a delivery already being processed on this thread (the direct container) keeps its
 * span.
 */
public final class ExecuteListenerAdvice {

  private ExecuteListenerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin Class<?> origin, @Advice.Argument(0) Object channel, @Advice.Argument(1) Object data) {
    if (CallDepth.enter(CallDepth.MESSAGING_PROCESS) > 0) {
      return null;
    }
    return Handlers.forClass(Handlers.SPRING_RABBIT_EXECUTE, origin).enter(channel, data);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin, @Advice.Enter Object state, @Advice.Thrown Throwable error) {
    if (CallDepth.exit(CallDepth.MESSAGING_PROCESS) > 0) {
      // The direct container: the client's delivery span is the process span, and the
      // container will catch this failure before that span ends.
      if (error != null) {
        Handlers.forClass(Handlers.SPRING_RABBIT_EXECUTE, origin).argument(null, error);
      }
      return;
    }
    Handlers.forClass(Handlers.SPRING_RABBIT_EXECUTE, origin).exit(state, null, null, error);
  }
}
