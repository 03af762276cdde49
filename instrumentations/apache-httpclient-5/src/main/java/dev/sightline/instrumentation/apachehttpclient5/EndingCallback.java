package dev.sightline.instrumentation.apachehttpclient5;

import dev.sightline.bootstrap.AdviceErrors;
import java.util.concurrent.CancellationException;
import org.apache.hc.core5.concurrent.FutureCallback;

/** Ends the async span with the outcome, then hands it to the application's callback (if any). */
final class EndingCallback<T> implements FutureCallback<T> {

  private final FutureCallback<T> delegate;
  private final AsyncExecuteHandler.AsyncExecution execution;

  @SuppressWarnings("unchecked")
  EndingCallback(FutureCallback<?> delegate, AsyncExecuteHandler.AsyncExecution execution) {
    this.delegate = (FutureCallback<T>) delegate;
    this.execution = execution;
  }

  @Override
  public void completed(T result) {
    end(result, null);
    if (delegate != null) {
      delegate.completed(result);
    }
  }

  @Override
  public void failed(Exception cause) {
    end(null, cause);
    if (delegate != null) {
      delegate.failed(cause);
    }
  }

  @Override
  public void cancelled() {
    end(null, new CancellationException("cancelled"));
    if (delegate != null) {
      delegate.cancelled();
    }
  }

  private void end(Object result, Throwable error) {
    try {
      execution.ended(result, error);
    } catch (RuntimeException e) {
      AdviceErrors.report(e);
    }
  }
}
