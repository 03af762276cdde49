package dev.sightline.instrumentation.rabbitmq;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** {@code ChannelN.basicGet}: one receive span per poll, linked to the message it returned. */
public final class GetAdvice {

  private GetAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin Class<?> origin,
      @Advice.This Object channel, @Advice.Argument(0) String queue) {
    return Handlers.forClass(Handlers.RABBITMQ_GET, origin).enter(channel, queue);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin,
      @Advice.Enter Object state,
      @Advice.This Object channel,
      @Advice.Return Object response,
      @Advice.Thrown Throwable error) {
    Handlers.forClass(Handlers.RABBITMQ_GET, origin).exit(state, channel, response, error);
  }
}
