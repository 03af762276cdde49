package dev.sightline.instrumentation.rabbitmq;

import com.rabbitmq.client.AMQP;
import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/**
 * {@code ChannelN.basicPublish} (the byte[] overload and, from 5.2x on, the ByteBuffer one it
 * delegates to): the properties are swapped for a copy carrying the trace headers.
 */
public final class PublishAdvice {

  private PublishAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin Class<?> origin,
      @Advice.This Object channel,
      @Advice.Argument(0) String exchange,
      @Advice.Argument(1) String routingKey,
      @Advice.Argument(value = 4, readOnly = false) AMQP.BasicProperties properties,
      @Advice.Argument(5) Object body) {
    if (CallDepth.enter(CallDepth.MESSAGING_SEND) > 0) {
      return null;
    }
    Handler handler = Handlers.forClass(Handlers.RABBITMQ_PUBLISH, origin);
    Object state = handler.enter(channel, new Object[] {exchange, routingKey, body});
    properties = (AMQP.BasicProperties) handler.replaceArgument(state, properties);
    return state;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin,
      @Advice.Enter Object state, @Advice.Thrown Throwable error) {
    if (CallDepth.exit(CallDepth.MESSAGING_SEND) > 0) {
      return;
    }
    Handlers.forClass(Handlers.RABBITMQ_PUBLISH, origin).exit(state, null, null, error);
  }
}
