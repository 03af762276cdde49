package dev.sightline.instrumentation.rabbitmq;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/**
 * {@code ChannelN.basicConsume}, the overload every other one reaches: remembers which queue
 * and broker a consumer object listens to, which its deliveries do not say.
 */
public final class ConsumeAdvice {

  private ConsumeAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin,
      @Advice.This Object channel,
      @Advice.Argument(0) String queue,
      @Advice.Argument(6) Object consumer,
      @Advice.Return Object consumerTag) {
    Handlers.forClass(Handlers.RABBITMQ_CONSUME, origin).exit(new Object[] {queue, consumer}, channel, consumerTag, null);
  }
}
