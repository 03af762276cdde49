package dev.sightline.instrumentation.kafka;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;
import org.apache.kafka.clients.producer.Callback;

/**
 * {@code KafkaProducer.send(record, callback)}: starts the PRODUCER span, puts the trace
 * headers on the record and swaps the callback for one that ends the span on the broker's answer.
 */
public final class ProducerSendAdvice {

  private ProducerSendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin Class<?> origin,
      @Advice.This Object producer,
      @Advice.Argument(0) Object record,
      @Advice.Argument(value = 1, readOnly = false) Callback callback) {
    if (CallDepth.enter(CallDepth.MESSAGING_SEND) > 0) {
      return null;
    }
    Handler handler = Handlers.forClass(Handlers.KAFKA_PRODUCER_SEND, origin);
    Object state = handler.enter(producer, record);
    callback = (Callback) handler.replaceArgument(state, callback);
    return state;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin,
      @Advice.Enter Object state,
      @Advice.This Object producer,
      @Advice.Return Object future,
      @Advice.Thrown Throwable error) {
    if (CallDepth.exit(CallDepth.MESSAGING_SEND) > 0) {
      return;
    }
    Handlers.forClass(Handlers.KAFKA_PRODUCER_SEND, origin).exit(state, producer, future, error);
  }
}
