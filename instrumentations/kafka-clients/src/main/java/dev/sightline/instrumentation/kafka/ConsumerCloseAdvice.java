package dev.sightline.instrumentation.kafka;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** {@code KafkaConsumer.close}: ends the record still being processed on this thread. */
public final class ConsumerCloseAdvice {

  private ConsumerCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Origin Class<?> origin,
      @Advice.This Object consumer) {
    Handlers.forClass(Handlers.KAFKA_CONSUMER_CLOSE, origin).enter(consumer, null);
  }
}
