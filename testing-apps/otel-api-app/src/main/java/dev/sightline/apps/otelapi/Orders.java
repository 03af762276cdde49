package dev.sightline.apps.otelapi;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Order handling traced only by OpenTelemetry's annotations, the way a service written for any
 * OpenTelemetry agent is: nothing here calls the API.
 */
public class Orders {

  private final OrderDb db;
  private final AtomicLong audited = new AtomicLong();
  private final AtomicLong notified = new AtomicLong();

  Orders(OrderDb db) {
    this.db = db;
  }

  /** {@code amount} has no attribute name: the parameter's own name is used (the app is compiled with -parameters). */
  @WithSpan("place-order")
  public void place(@SpanAttribute("order.id") String orderId, @SpanAttribute int amount) throws SQLException {
    db.insert(orderId, amount);
    audit();
    notifyWarehouse();
  }

  /** Named by default: {@code Orders.audit}. */
  @WithSpan
  public long audit() {
    return audited.incrementAndGet();
  }

  @WithSpan(kind = SpanKind.PRODUCER)
  public long notifyWarehouse() {
    return notified.incrementAndGet();
  }

  @WithSpan
  public void reject() {
    throw new IllegalStateException("rejected by policy");
  }
}
