package dev.sightline.instrumentation.kafka;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code ConsumerRecords.iterator()}, {@code records(partition)} and {@code records(topic)}:
 * the returned iterator, list or iterable is swapped (through {@code Handler.argument}) for one
 * that makes each record's process span current while the application handles it.
 * {@code forEach} and streams go through {@code iterator()}.
 */
public final class RecordsAdvice {

  private RecordsAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin,
      @Advice.This Object records,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable error) {
    if (error == null && result != null) {
      result = Handlers.forClass(Handlers.KAFKA_CONSUMER_RECORDS, origin).replaceArgument(records, result);
    }
  }
}
