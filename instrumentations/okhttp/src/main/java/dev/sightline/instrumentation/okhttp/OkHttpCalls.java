package dev.sightline.instrumentation.okhttp;

import dev.sightline.agent.spi.LibraryHandlers;
import dev.sightline.agent.telemetry.WeakIdentityMap;
import dev.sightline.agent.http.HttpClientTracer;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.AgentLog;
import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.internal.connection.RealCall;

/**
 * The state of OkHttp calls between the woven methods: the caller's context of an enqueued
 * call until its worker runs it, and each running call's span and attempt count.
 */
final class OkHttpCalls implements LibraryHandlers {

  private final HttpClientTracer tracer;
  /** Weak: an enqueued call that is cancelled before it runs must not stay here. */
  private final WeakIdentityMap<Object, Context> enqueuedFrom = new WeakIdentityMap<>();
  /** Entered and left on the same thread by the woven method's enter and exit. */
  private final Map<Object, Running> running = new ConcurrentHashMap<>();

  OkHttpCalls(Telemetry telemetry) {
    this.tracer = new HttpClientTracer(telemetry, "okhttp");
  }

  private static final class Running {
    final HttpClientTracer.Call span;
    int attempts;

    Running(HttpClientTracer.Call span) {
      this.span = span;
    }
  }

  @Override
  public Handler handler(int slot) {
    switch (slot) {
      case Handlers.OKHTTP_EXECUTE:
        return execute();
      case Handlers.OKHTTP_ENQUEUE:
        return enqueue();
      case Handlers.OKHTTP_CHAIN_START:
        return chainStart();
      case Handlers.OKHTTP_ATTEMPT:
        return attempt();
      default:
        return null;
    }
  }

  Handler enqueue() {
    return new Handler() {
      @Override
      public Object enter(Object call, Object ignored) {
        if (call != null && !CallDepth.suppressed()) {
          enqueuedFrom.put(call, Context.current());
        }
        return null;
      }
    };
  }

  Handler execute() {
    return new Handler() {
      @Override
      public Object enter(Object call, Object ignored) {
        if (!(call instanceof RealCall) || CallDepth.suppressed()) {
          return null;
        }
        Request request = ((RealCall) call).request();
        Context parent = enqueuedFrom.remove(call);
        Running state;
        try (Scope ignoredScope = parent == null ? null : parent.makeCurrent()) {
          state = new Running(tracer.start(request.method(), uriOf(request)));
        }
        running.put(call, state);
        return state;
      }

      @Override
      public void exit(Object state, Object call, Object response, Throwable error) {
        if (!(state instanceof Running)) {
          return;
        }
        running.remove(call);
        Running finished = (Running) state;
        finished.span.resendCount(finished.attempts - 1);
        finished.span.end(response instanceof Response ? ((Response) response).code() : -1, error);
      }
    };
  }

  Handler attempt() {
    return new Handler() {
      @Override
      public Object enter(Object call, Object ignored) {
        Running state = call == null ? null : running.get(call);
        if (state != null) {
          state.attempts++;
        }
        return null;
      }
    };
  }

  Handler chainStart() {
    return new Handler() {
      @Override
      public Object argument(Object call, Object request) {
        Running state = call == null ? null : running.get(call);
        if (state == null || !(request instanceof Request)) {
          return request;
        }
        Request.Builder copy = ((Request) request).newBuilder();
        for (Map.Entry<String, String> header : state.span.headers().entrySet()) {
          copy.header(header.getKey(), header.getValue());
        }
        return copy.build();
      }
    };
  }

  private static URI uriOf(Request request) {
    try {
      return request.url().uri();
    } catch (RuntimeException e) {
      AgentLog.warnOnce("okhttp-uri", "could not read a request URI; the span has no url.full", e);
      return null;
    }
  }
}
