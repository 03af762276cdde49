package dev.sightline.instrumentation.servlet;

import dev.sightline.agent.http.HttpServerTracer;
import dev.sightline.bootstrap.AdviceErrors;
import java.util.function.IntSupplier;

/**
 * Ends an async request's span when the container completes it, whether the application
 * completed it, it timed out (the container then answers) or it failed. Each servlet API's
 * {@code AsyncListener} only hands its events on to this.
 */
final class AsyncCompletion {

  private final HttpServerTracer.Call call;
  private final IntSupplier responseStatus;
  private volatile Throwable error;

  /** {@code responseStatus} is read at completion, when the response is final. */
  AsyncCompletion(HttpServerTracer.Call call, IntSupplier responseStatus) {
    this.call = call;
    this.responseStatus = responseStatus;
  }

  void completed() {
    try {
      Throwable failure = error;
      int status = responseStatus.getAsInt();
      call.end(failure != null && status < 400 ? 500 : status, failure);
    } catch (Throwable t) {
      AdviceErrors.report(t);
    }
  }

  void failed(Throwable error) {
    this.error = error;
  }

  /**
   * A new async cycle drops the listeners of the last one: {@code addListenerAgain} keeps the
   * listener registered for it.
   */
  void restarted(Runnable addListenerAgain) {
    try {
      addListenerAgain.run();
    } catch (Throwable t) {
      AdviceErrors.report(t);
    }
  }
}
