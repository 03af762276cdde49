package dev.sightline.instrumentation.rabbitmq;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/**
 * {@code Consumer.handleDelivery} of every implementation: runs on the client's consumer thread
 * around the application's own code, so the process span is current while that code runs.
 * Only the outermost call counts (a consumer delegating to another, or calling super).
 */
public final class DeliveryAdvice {

  private DeliveryAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin Class<?> origin,
      @Advice.This Object consumer,
      @Advice.Argument(0) String consumerTag,
      @Advice.Argument(1) Object envelope,
      @Advice.Argument(2) Object properties,
      @Advice.Argument(3) byte[] body) {
    if (CallDepth.enter(CallDepth.MESSAGING_PROCESS) > 0) {
      return null;
    }
    return Handlers.forClass(Handlers.RABBITMQ_DELIVER, origin)
        .enter(consumer, new Object[] {consumerTag, envelope, properties, body});
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin,
      @Advice.Enter Object state, @Advice.Thrown Throwable error) {
    if (CallDepth.exit(CallDepth.MESSAGING_PROCESS) > 0) {
      return;
    }
    Handlers.forClass(Handlers.RABBITMQ_DELIVER, origin).exit(state, null, null, error);
  }
}
