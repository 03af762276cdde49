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

/** The two handlers: {@code send} ends on return, {@code sendAsync} when its future completes. */
final class ClientHandlers {

  private final HttpClientTracer tracer;

  ClientHandlers(Telemetry telemetry) {
    this.tracer = new HttpClientTracer(telemetry, "java-http-client");
  }

  Handler send() {
    return new Start() {
      @Override
      public void exit(Object state, Object target, Object response, Throwable error) {
        if (state instanceof HttpClientTracer.Call) {
          ((HttpClientTracer.Call) state).end(statusOf(response), error);
        }
      }
    };
  }

  Handler sendAsync() {
    return new Start() {
      @Override
      public void exit(Object state, Object target, Object future, Throwable error) {
        if (!(state instanceof HttpClientTracer.Call)) {
          return;
        }
        HttpClientTracer.Call call = (HttpClientTracer.Call) state;
        if (error != null || !(future instanceof CompletableFuture)) {
          call.end(-1, error);
          return;
        }
        ((CompletableFuture<?>) future)
            .whenComplete(
                (response, failure) -> {
                  try {
                    call.end(statusOf(response), unwrap(failure));
                  } catch (Throwable t) {
                    AdviceErrors.report(t);
                  }
                });
      }
    };
  }

  /** Starts the CLIENT span and hands back a copy of the request with the trace headers. */
  private abstract class Start extends Handler {
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
  }

  static int statusOf(Object response) {
    return response instanceof HttpResponse ? ((HttpResponse<?>) response).statusCode() : -1;
  }

  static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
