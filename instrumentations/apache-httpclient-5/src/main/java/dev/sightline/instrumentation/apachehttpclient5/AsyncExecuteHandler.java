package dev.sightline.instrumentation.apachehttpclient5;

import dev.sightline.agent.http.HttpClientTracer;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;

/**
 * The async client's span. Its request exists only once the producer sends it, possibly on
 * an I/O thread, so the span starts there under the context of the {@code execute} caller.
 * It ends when the response consumer is done (before the future completes), or when the
 * future's callback hears of a failure or cancellation.
 */
final class AsyncExecuteHandler extends Handler {

  private final HttpClientTracer tracer;

  AsyncExecuteHandler(Telemetry telemetry) {
    this.tracer = new HttpClientTracer(telemetry, "apache-httpclient-5");
  }

  /** One async execution: started once its request is produced, ended once. */
  final class AsyncExecution {
    private final HttpHost target;
    private final Context parent = Context.current();
    private volatile HttpClientTracer.Call call;
    private volatile boolean over;

    AsyncExecution(HttpHost target) {
      this.target = target;
    }

    /** Starts the span and sets the trace headers on the request about to be sent. */
    synchronized void requestProduced(HttpRequest request) {
      if (call != null || over) {
        return;
      }
      HttpClientTracer.Call started;
      try (Scope ignored = parent.makeCurrent()) {
        started = tracer.start(request.getMethod(), ExecuteHandler.uriOf(target, request));
      }
      for (Map.Entry<String, String> header : started.headers().entrySet()) {
        request.setHeader(header.getKey(), header.getValue());
      }
      call = started;
    }

    synchronized void ended(Object result, Throwable error) {
      over = true;
      HttpClientTracer.Call started = call;
      if (started != null) {
        started.end(statusOf(result), error);
      }
    }
  }

  @Override
  public Object enter(Object target, Object producer) {
    if (CallDepth.suppressed()) {
      return null;
    }
    return new AsyncExecution(target instanceof HttpHost ? (HttpHost) target : null);
  }

  @Override
  public Object argument(Object state, Object argument) {
    if (!(state instanceof AsyncExecution)) {
      return argument;
    }
    AsyncExecution execution = (AsyncExecution) state;
    if (argument instanceof AsyncRequestProducer) {
      return new TracingRequestProducer((AsyncRequestProducer) argument, execution);
    }
    if (argument instanceof AsyncResponseConsumer) {
      return new TracingResponseConsumer<>((AsyncResponseConsumer<?>) argument, execution);
    }
    // Called last, for the callback, which the application may leave null.
    if (argument == null || argument instanceof FutureCallback) {
      return new EndingCallback<>((FutureCallback<?>) argument, execution);
    }
    return argument;
  }

  @Override
  public void exit(Object state, Object target, Object result, Throwable error) {
    if (error != null && state instanceof AsyncExecution) {
      ((AsyncExecution) state).ended(null, error);
    }
  }

  static int statusOf(Object result) {
    if (result instanceof Message) {
      result = ((Message<?, ?>) result).getHead();
    }
    return result instanceof HttpResponse ? ((HttpResponse) result).getCode() : -1;
  }
}
