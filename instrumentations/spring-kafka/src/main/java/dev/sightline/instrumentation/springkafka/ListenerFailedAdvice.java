package dev.sightline.instrumentation.springkafka;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/**
 * {@code ListenerConsumer.doInvokeRecordListener} / {@code doInvokeBatchListener} return what the
 * listener threw, after the container's error handler dealt with it: the record's or batch's
 * process span is marked failed.
 */
public final class ListenerFailedAdvice {

  private ListenerFailedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Origin Class<?> origin, @Advice.Return Object failure) {
    if (failure != null) {
      Handlers.forClass(Handlers.KAFKA_PROCESS_FAILED, origin).enter(failure, null);
    }
  }
}
