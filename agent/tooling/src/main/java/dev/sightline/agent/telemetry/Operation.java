package dev.sightline.agent.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A started span, the scope that made it current (if any) and its start time. Ends exactly
 * once however many paths (return, exception, async completion, timeout) try to end it.
 */
public class Operation {

  protected final Span span;
  protected final Context context;
  protected final long startNanos;
  // a field, not an AtomicBoolean: one object less for every span, and many wait on a broker
  private static final AtomicIntegerFieldUpdater<Operation> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(Operation.class, "ended");

  private volatile int ended;
  private Scope scope;

  protected Operation(Span span, Context context) {
    this.span = span;
    this.context = context;
    this.startNanos = System.nanoTime();
  }

  public final Span span() {
    return span;
  }

  public final Context context() {
    return context;
  }

  /** Makes the span current on this thread until {@link #closeScope()}. */
  public final void makeCurrent() {
    scope = context.makeCurrent();
  }

  /** Leaves the span's scope; must run on the thread that made it current. */
  public final void closeScope() {
    Scope current = scope;
    if (current != null) {
      scope = null;
      current.close();
    }
  }

  /** True for the first caller only: that caller ends the span. */
  protected final boolean claimEnd() {
    return ENDED.compareAndSet(this, 0, 1);
  }

  public final boolean ended() {
    return ended != 0;
  }

  protected final double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
