package dev.sightline.instrumentation.kafka;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/**
 * {@code KafkaConsumer.poll}: a new poll ends the record still being processed on this
 * thread; the records it returns are remembered so that iterating them makes process spans.
 */
public final class ConsumerPollAdvice {

  private ConsumerPollAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin Class<?> origin,
      @Advice.This Object consumer) {
    return Handlers.forClass(Handlers.KAFKA_CONSUMER_POLL, origin).enter(consumer, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin,
      @Advice.Enter Object state,
      @Advice.This Object consumer,
      @Advice.Return Object records,
      @Advice.Thrown Throwable error) {
    Handlers.forClass(Handlers.KAFKA_CONSUMER_POLL, origin).exit(state, consumer, records, error);
  }
}
