package dev.sightline.instrumentation.servlet;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

/** Hands a {@code jakarta.servlet} async cycle's events to its {@link AsyncCompletion}. */
final class JakartaAsyncEnd implements AsyncListener {

  private final AsyncCompletion completion;

  JakartaAsyncEnd(AsyncCompletion completion) {
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
