package dev.sightline.instrumentation.apachehttpclient5;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;

/**
 * The async {@code doExecute(target, producer, consumer, pushHandlers, context, callback)}: the
 * producer is wrapped to see (and add headers to) the request it produces, the consumer and
 * the callback to see the outcome.
 */
public final class AsyncExecuteAdvice {

  private AsyncExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin Class<?> origin,
      @Advice.Argument(0) Object target,
      @Advice.Argument(value = 1, readOnly = false) AsyncRequestProducer producer,
      @Advice.Argument(value = 2, readOnly = false) AsyncResponseConsumer<?> consumer,
      @Advice.Argument(value = 5, readOnly = false) FutureCallback<?> callback) {
    if (CallDepth.enter(CallDepth.HTTP_CLIENT) > 0) {
      return null;
    }
    Handler handler = Handlers.forClass(Handlers.APACHE_HTTPCLIENT_ASYNC_EXECUTE, origin);
    Object state = handler.enter(target, producer);
    if (producer != null && consumer != null) {
      producer = (AsyncRequestProducer) handler.replaceArgument(state, producer);
      consumer = (AsyncResponseConsumer<?>) handler.replaceArgument(state, consumer);
    }
    callback = (FutureCallback<?>) handler.replaceArgument(state, callback);
    return state;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin,
      @Advice.Enter Object state, @Advice.Thrown Throwable error) {
    if (CallDepth.exit(CallDepth.HTTP_CLIENT) > 0) {
      return;
    }
    Handlers.forClass(Handlers.APACHE_HTTPCLIENT_ASYNC_EXECUTE, origin).exit(state, null, null, error);
  }
}
