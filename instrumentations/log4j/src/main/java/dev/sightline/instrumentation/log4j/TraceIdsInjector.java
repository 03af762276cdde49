package dev.sightline.instrumentation.log4j;

import dev.sightline.agent.logs.LogCorrelation;
import dev.sightline.bootstrap.AdviceErrors;
import io.opentelemetry.api.trace.SpanContext;
import java.util.List;
import org.apache.logging.log4j.core.ContextDataInjector;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.util.StringMap;

/**
 * Log4j's own injector, then the current span's ids on top. The map Log4j's injector returns is
 * either the event's reusable one, which is the event's to fill, or, with no properties to add, the
 * thread context's own frozen map, which is copied rather than touched.
 */
final class TraceIdsInjector implements ContextDataInjector {

  private static final LogCorrelation.Sink<StringMap> PUT = StringMap::putValue;

  private final ContextDataInjector delegate;
  private final LogCorrelation correlation;

  TraceIdsInjector(ContextDataInjector delegate, LogCorrelation correlation) {
    this.delegate = delegate;
    this.correlation = correlation;
  }

  @Override
  public StringMap injectContextData(List<Property> properties, StringMap reusable) {
    StringMap data = delegate.injectContextData(properties, reusable);
    try {
      SpanContext span = data == null ? null : correlation.currentSpan();
      if (span == null || data.containsKey(correlation.traceIdKey())) {
        return data;
      }
      StringMap target = data.isFrozen() ? new SortedArrayStringMap(data) : data;
      correlation.put(span, target, PUT);
      return target;
    } catch (RuntimeException e) {
      AdviceErrors.report(e);
      return data;
    }
  }

  @Override
  public ReadOnlyStringMap rawContextData() {
    return delegate.rawContextData();
  }

  /** Log4j 2.24 and newer ask for single values; the raw context has them, as it did before. */
  public Object getValue(String key) {
    return delegate.rawContextData().getValue(key);
  }
}
