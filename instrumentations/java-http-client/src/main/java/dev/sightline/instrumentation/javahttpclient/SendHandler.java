package dev.sightline.instrumentation.javahttpclient;

import dev.sightline.agent.http.HttpClientTracer;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.AdviceErrors;
import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Starts the CLIENT span and hands back a copy of the request with the trace headers. A
 * {@code send} ends it on return; a {@code sendAsync} when its future completes, however.
 */
final class SendHandler extends Handler {

  private final HttpClientTracer tracer;

  SendHandler(Telemetry telemetry) {
    this.tracer = new HttpClientTracer(telemetry, "java-http-client");
  }

  @Override
  public Object enter(Object target, Object request) {
    if (!(request instanceof HttpRequest) || CallDepth.suppressed()) {
      return null;
    }
    HttpRequest httpRequest = (HttpRequest) request;
    return tracer.start(httpRequest.method(), httpRequest.uri());
  }

  @Override
  public Object argument(Object state, Object request) {
    if (!(state instanceof HttpClientTracer.Call) || !(request instanceof HttpRequest)) {
      return request;
    }
    Map<String, String> headers = ((HttpClientTracer.Call) state).headers();
    return RequestWithHeaders.copy((HttpRequest) request, headers);
  }

  @Override
  public void exit(Object state, Object target, Object result, Throwable error) {
    if (!(state instanceof HttpClientTracer.Call)) {
      return;
    }
    HttpClientTracer.Call call = (HttpClientTracer.Call) state;
    if (error == null && result instanceof CompletableFuture) {
      ((CompletableFuture<?>) result)
          .whenComplete(
              (response, failure) -> {
                try {
                  call.end(statusOf(response), unwrap(failure));
                } catch (Throwable t) {
                  AdviceErrors.report(t);
                }
              });
      return;
    }
    call.end(statusOf(result), error);
  }

  static int statusOf(Object response) {
    return response instanceof HttpResponse ? ((HttpResponse<?>) response).statusCode() : -1;
  }

  static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
