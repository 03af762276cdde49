package dev.sightline.instrumentation.apachehttpclient5;

import dev.sightline.bootstrap.AdviceErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The application's response consumer, ending the span as soon as the response is consumed:
 * before the future completes, so a caller waiting on it never outlives the span.
 */
final class TracingResponseConsumer<T> implements AsyncResponseConsumer<T> {

  private final AsyncResponseConsumer<T> delegate;
  private final AsyncExecuteHandler.AsyncExecution execution;

  @SuppressWarnings("unchecked")
  TracingResponseConsumer(AsyncResponseConsumer<?> delegate, AsyncExecuteHandler.AsyncExecution execution) {
    this.delegate = (AsyncResponseConsumer<T>) delegate;
    this.execution = execution;
  }

  @Override
  public void consumeResponse(
      HttpResponse response, EntityDetails entityDetails, HttpContext context, FutureCallback<T> resultCallback)
      throws HttpException, IOException {
    delegate.consumeResponse(response, entityDetails, context, new FutureCallback<T>() {
      @Override
      public void completed(T result) {
        end(response, null);
        resultCallback.completed(result);
      }

      @Override
      public void failed(Exception cause) {
        end(response, cause);
        resultCallback.failed(cause);
      }

      @Override
      public void cancelled() {
        resultCallback.cancelled();
      }
    });
  }

  private void end(HttpResponse response, Throwable error) {
    try {
      execution.ended(response, error);
    } catch (RuntimeException e) {
      AdviceErrors.report(e);
    }
  }

  @Override
  public void informationResponse(HttpResponse response, HttpContext context) throws HttpException, IOException {
    delegate.informationResponse(response, context);
  }

  @Override
  public void failed(Exception cause) {
    delegate.failed(cause);
  }

  @Override
  public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
    delegate.updateCapacity(capacityChannel);
  }

  @Override
  public void consume(ByteBuffer src) throws IOException {
    delegate.consume(src);
  }

  @Override
  public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
    delegate.streamEnd(trailers);
  }

  @Override
  public void releaseResources() {
    delegate.releaseResources();
  }
}
