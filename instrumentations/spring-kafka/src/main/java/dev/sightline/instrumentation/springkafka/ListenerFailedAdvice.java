package dev.sightline.instrumentation.springkafka;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/**
 * The container's calls into the listener ({@code doInvokeOnMessage} for a record, {@code
 * doInvokeBatchOnMessage} for a batch): what the listener throws marks its record's or batch's
 * process span, before the container's error handler recovers, retries or dead-letters it.
 */
public final class ListenerFailedAdvice {

  private ListenerFailedAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Origin Class<?> origin, @Advice.Thrown Throwable failure) {
    if (failure != null) {
      Handlers.forClass(Handlers.KAFKA_PROCESS_FAILED, origin).enter(failure, null);
    }
  }
}
