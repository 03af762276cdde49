package dev.sightline.agent.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A started span, the scope that made it current (if any) and its start time. Ends exactly
 * once however many paths (return, exception, async completion, timeout) try to end it.
 */
public class Operation {

  protected final Span span;
  protected final Context context;
  protected final long startNanos;
  private final AtomicBoolean ended = new AtomicBoolean();
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
    return ended.compareAndSet(false, true);
  }

  public final boolean ended() {
    return ended.get();
  }

  protected final double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
