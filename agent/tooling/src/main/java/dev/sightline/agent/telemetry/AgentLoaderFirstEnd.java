package dev.sightline.agent.telemetry;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Runs the first sampled span end of a processor with the agent's class loader as the thread's context
 * loader. The SDK's batch processor registers its queue gauge lazily, at the first span it
 * queues, and that registration keeps the calling thread's context class loader for good: left
 * alone, it would be the loader of whichever webapp ended the first span, which could then
 * never be unloaded.
 */
final class AgentLoaderFirstEnd implements SpanProcessor {

  private final SpanProcessor delegate;
  private final ClassLoader agentLoader = AgentLoaderFirstEnd.class.getClassLoader();
  private volatile boolean warm;

  AgentLoaderFirstEnd(SpanProcessor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    delegate.onStart(parentContext, span);
  }

  @Override
  public boolean isStartRequired() {
    return delegate.isStartRequired();
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (warm) {
      delegate.onEnd(span);
      return;
    }
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(agentLoader);
    try {
      delegate.onEnd(span);
    } finally {
      thread.setContextClassLoader(before);
      // Only a sampled span reaches the batch queue, and with it the lazy registration.
      if (span.getSpanContext().isSampled()) {
        warm = true;
      }
    }
  }

  @Override
  public boolean isEndRequired() {
    return delegate.isEndRequired();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return delegate.forceFlush();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
