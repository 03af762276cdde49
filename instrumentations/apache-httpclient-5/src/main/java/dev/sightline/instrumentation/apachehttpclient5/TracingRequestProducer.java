package dev.sightline.instrumentation.apachehttpclient5;

import dev.sightline.bootstrap.AdviceErrors;
import java.io.IOException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.RequestChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/** The application's request producer, with the produced request seen before it is sent. */
final class TracingRequestProducer implements AsyncRequestProducer {

  private final AsyncRequestProducer delegate;
  private final AsyncExecuteHandler.AsyncExecution execution;

  TracingRequestProducer(AsyncRequestProducer delegate, AsyncExecuteHandler.AsyncExecution execution) {
    this.delegate = delegate;
    this.execution = execution;
  }

  @Override
  public void sendRequest(RequestChannel channel, HttpContext context) throws HttpException, IOException {
    delegate.sendRequest(
        (request, entityDetails, requestContext) -> {
          try {
            execution.requestProduced(request);
          } catch (RuntimeException e) {
            AdviceErrors.report(e);
          }
          channel.sendRequest(request, entityDetails, requestContext);
        },
        context);
  }

  @Override
  public boolean isRepeatable() {
    return delegate.isRepeatable();
  }

  @Override
  public void failed(Exception cause) {
    delegate.failed(cause);
  }

  @Override
  public int available() {
    return delegate.available();
  }

  @Override
  public void produce(DataStreamChannel channel) throws IOException {
    delegate.produce(channel);
  }

  @Override
  public void releaseResources() {
    delegate.releaseResources();
  }
}
