package dev.sightline.instrumentation.okhttp;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;
import okhttp3.Request;

/** The interceptor chain's first {@code proceed}: the request is swapped for one with trace headers. */
public final class ChainStartAdvice {

  private ChainStartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Origin Class<?> origin,
      @Advice.FieldValue("index") int index,
      @Advice.FieldValue("call") Object call,
      @Advice.Argument(value = 0, readOnly = false) Request request) {
    if (index == 0) {
      request = (Request) Handlers.forClass(Handlers.OKHTTP_CHAIN_START, origin).replaceArgument(call, request);
    }
  }
}
