package dev.sightline.instrumentation.rabbitmq;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/**
 * {@code ConnectionFactory.newConnection}, the overload every other one reaches: a new broker
 * connection is watched for loss and recovery, for /health.
 */
public final class ConnectionAdvice {

  private ConnectionAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin,
      @Advice.This Object factory, @Advice.Return Object connection, @Advice.Thrown Throwable error) {
    Handlers.forClass(Handlers.RABBITMQ_CONNECTION, origin).exit(null, factory, connection, error);
  }
}
