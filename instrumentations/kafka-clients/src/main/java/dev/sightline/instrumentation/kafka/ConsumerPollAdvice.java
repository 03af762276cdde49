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
  public static Object enter(@Advice.This Object consumer) {
    return Handlers.get(Handlers.KAFKA_CONSUMER_POLL).enter(consumer, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object state,
      @Advice.This Object consumer,
      @Advice.Return Object records,
      @Advice.Thrown Throwable error) {
    Handlers.get(Handlers.KAFKA_CONSUMER_POLL).exit(state, consumer, records, error);
  }
}
