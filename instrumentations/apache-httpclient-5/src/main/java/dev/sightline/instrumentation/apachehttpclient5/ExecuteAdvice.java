package dev.sightline.instrumentation.apachehttpclient5;

import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * {@code doExecute(target, request, context)}: a missing context is replaced by a fresh one
 * (what the client would create itself) so the handler can read the redirects it followed.
 */
public final class ExecuteAdvice {

  private ExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin Class<?> origin,
      @Advice.Argument(0) Object target,
      @Advice.Argument(1) Object request,
      @Advice.Argument(value = 2, readOnly = false) HttpContext context) {
    if (CallDepth.enter(CallDepth.HTTP_CLIENT) > 0) {
      return null;
    }
    Handler handler = Handlers.forClass(Handlers.APACHE_HTTPCLIENT_EXECUTE, origin);
    Object state = handler.enter(target, request);
    context = (HttpContext) handler.replaceArgument(state, context);
    return state;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Origin Class<?> origin,
      @Advice.Enter Object state, @Advice.Return Object response, @Advice.Thrown Throwable error) {
    if (CallDepth.exit(CallDepth.HTTP_CLIENT) > 0) {
      return;
    }
    Handlers.forClass(Handlers.APACHE_HTTPCLIENT_EXECUTE, origin).exit(state, null, response, error);
  }
}
