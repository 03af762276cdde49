package dev.sightline.instrumentation.kafka;

import dev.sightline.bootstrap.AdviceErrors;
import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Replaces the application's send callback (or its absence): ends the PRODUCER span when the
 * broker answers (or, for a send whose span ended at hand-off, counts the answer), then runs the
 * application's callback inside the span's context.
 */
final class TracingCallback implements Callback {

  private final SendTracer.Completion send;
  private final Callback delegate;

  TracingCallback(SendTracer.Completion send, Callback delegate) {
    this.send = send;
    this.delegate = delegate;
  }

  @Override
  public void onCompletion(RecordMetadata metadata, Exception exception) {
    try {
      send.end(metadata, exception);
    } catch (Throwable t) {
      AdviceErrors.report(t);
    }
    if (delegate != null) {
      try (Scope ignored = send.context().makeCurrent()) {
        delegate.onCompletion(metadata, exception);
      }
    }
  }
}
