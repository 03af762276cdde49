package dev.sightline.instrumentation.servlet;

import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;

/** Hands a {@code javax.servlet} async cycle's events to its {@link AsyncCompletion}. */
final class JavaxAsyncEnd implements AsyncListener {

  private final AsyncCompletion completion;

  JavaxAsyncEnd(AsyncCompletion completion) {
    this.completion = completion;
  }

  @Override
  public void onComplete(AsyncEvent event) {
    completion.completed();
  }

  @Override
  public void onTimeout(AsyncEvent event) {}

  @Override
  public void onError(AsyncEvent event) {
    completion.failed(event.getThrowable());
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    completion.restarted(() -> event.getAsyncContext().addListener(this));
  }
}
