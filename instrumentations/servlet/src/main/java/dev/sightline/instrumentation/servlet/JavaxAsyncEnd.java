package dev.sightline.instrumentation.servlet;

import dev.sightline.agent.http.HttpServerTracer;
import dev.sightline.bootstrap.AdviceErrors;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.http.HttpServletResponse;

/**
 * Ends an async request's span when the container completes it, whether the application
 * completed it, it timed out (the container then answers) or it failed.
 */
final class JavaxAsyncEnd implements AsyncListener {

  private final HttpServerTracer.Call call;
  private final HttpServletResponse response;
  private volatile Throwable error;

  JavaxAsyncEnd(HttpServerTracer.Call call, HttpServletResponse response) {
    this.call = call;
    this.response = response;
  }

  @Override
  public void onComplete(AsyncEvent event) {
    try {
      Throwable failure = error;
      int status = response == null ? -1 : response.getStatus();
      call.end(failure != null && status < 400 ? 500 : status, failure);
    } catch (Throwable t) {
      AdviceErrors.report(t);
    }
  }

  @Override
  public void onTimeout(AsyncEvent event) {}

  @Override
  public void onError(AsyncEvent event) {
    error = event.getThrowable();
  }

  /** A new async cycle drops the listeners of the last one: stay registered for it. */
  @Override
  public void onStartAsync(AsyncEvent event) {
    try {
      event.getAsyncContext().addListener(this);
    } catch (Throwable t) {
      AdviceErrors.report(t);
    }
  }
}
