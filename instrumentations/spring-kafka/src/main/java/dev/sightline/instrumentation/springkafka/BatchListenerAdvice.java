package dev.sightline.instrumentation.springkafka;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/** {@code ListenerConsumer.invokeBatchListener(records)}: the batch's process span. */
public final class BatchListenerAdvice {

  private BatchListenerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Origin Class<?> origin, @Advice.Argument(0) Object records) {
    if (CallDepth.enter(CallDepth.MESSAGING_BATCH) > 0) {
      return null;
    }
    return Handlers.forClass(Handlers.KAFKA_BATCH_PROCESS, origin).enter(records, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin, @Advice.Enter Object state, @Advice.Thrown Throwable error) {
    if (CallDepth.exit(CallDepth.MESSAGING_BATCH) > 0) {
      return;
    }
    Handlers.forClass(Handlers.KAFKA_BATCH_PROCESS, origin).exit(state, null, null, error);
  }
}
