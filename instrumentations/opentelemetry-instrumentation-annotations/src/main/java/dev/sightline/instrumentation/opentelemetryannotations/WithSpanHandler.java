package dev.sightline.instrumentation.opentelemetryannotations;

import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts the span of a {@code @WithSpan} call and makes it current; at the call's end closes the
 * scope and ends the span, or, when the method returned a {@code CompletionStage}, ends it when the
 * stage completes, so an async method's span covers its work.
 */
final class WithSpanHandler extends Handler {

  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final Tracer tracer;
  private final ClassValue<Map<String, WithSpanMethod>> methods = new ClassValue<Map<String, WithSpanMethod>>() {
    @Override
    protected Map<String, WithSpanMethod> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };

  WithSpanHandler(Telemetry telemetry) {
    this.tracer = telemetry.tracer("opentelemetry-instrumentation-annotations");
  }

  /** One call in progress. */
  private static final class Call {
    final Span span;
    final Scope scope;
    final WithSpanMethod method;

    Call(Span span, Scope scope, WithSpanMethod method) {
      this.span = span;
      this.scope = scope;
      this.method = method;
    }
  }

  @Override
  public Object enter(Object origin, Object nameAndDescriptor) {
    if (!(origin instanceof Class) || !(nameAndDescriptor instanceof String)) {
      return null;
    }
    Map<String, WithSpanMethod> ofType = methods.get((Class<?>) origin);
    WithSpanMethod method = ofType.get(nameAndDescriptor);
    if (method == null) {
      method = WithSpanMethod.of((Class<?>) origin, (String) nameAndDescriptor);
      if (method == null) {
        return null;
      }
      ofType.put((String) nameAndDescriptor, method);
    }
    Span span = tracer.spanBuilder(method.spanName).setSpanKind(method.kind).startSpan();
    return new Call(span, span.makeCurrent(), method);
  }

  @Override
  public Object argument(Object state, Object arguments) {
    if (state instanceof Call && arguments instanceof Object[]) {
      Call call = (Call) state;
      Object[] values = (Object[]) arguments;
      String[] names = call.method.attributeNames;
      for (int i = 0; i < names.length && i < values.length; i++) {
        if (names[i] != null && values[i] != null) {
          setAttribute(call.span, names[i], values[i]);
        }
      }
    }
    return arguments;
  }

  private static void setAttribute(Span span, String name, Object value) {
    if (value instanceof Boolean) {
      span.setAttribute(name, (Boolean) value);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      span.setAttribute(name, ((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      span.setAttribute(name, ((Number) value).doubleValue());
    } else if (value instanceof List) {
      span.setAttribute(AttributeKey.stringArrayKey(name),
          ((List<?>) value).stream().map(String::valueOf).collect(java.util.stream.Collectors.toList()));
    } else {
      span.setAttribute(name, String.valueOf(value));
    }
  }

  @Override
  public void exit(Object state, Object target, Object returned, Throwable error) {
    if (!(state instanceof Call)) {
      return;
    }
    Call call = (Call) state;
    call.scope.close();
    if (error == null && returned instanceof CompletionStage) {
      ((CompletionStage<?>) returned).whenComplete((value, failure) -> end(call.span, unwrap(failure)));
      return;
    }
    end(call.span, error);
  }

  private static void end(Span span, Throwable error) {
    if (error != null) {
      span.recordException(error);
      span.setStatus(StatusCode.ERROR);
      span.setAttribute(ERROR_TYPE, error.getClass().getName());
    }
    span.end();
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}
