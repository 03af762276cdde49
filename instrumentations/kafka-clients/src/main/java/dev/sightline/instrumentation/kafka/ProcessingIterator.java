package dev.sightline.instrumentation.kafka;

import dev.sightline.bootstrap.AdviceErrors;
import java.util.Iterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The application's iterator over polled records. {@code next()} ends the previous record's
 * process span and opens the next one; {@code hasNext()} ends the current one, since the
 * application asks it once it is done with a record, and an exhausted iterator leaves none open.
 */
final class ProcessingIterator<K, V> implements Iterator<ConsumerRecord<K, V>> {

  private final Iterator<ConsumerRecord<K, V>> delegate;
  private final ClientInfo consumer;
  private final ProcessTracer tracer;
  private ProcessTracer.Process current;

  ProcessingIterator(Iterator<ConsumerRecord<K, V>> delegate, ClientInfo consumer, ProcessTracer tracer) {
    this.delegate = delegate;
    this.consumer = consumer;
    this.tracer = tracer;
  }

  @Override
  public boolean hasNext() {
    endCurrent();
    return delegate.hasNext();
  }

  @Override
  public ConsumerRecord<K, V> next() {
    endCurrent();
    ConsumerRecord<K, V> record = delegate.next();
    try {
      if (record != null) {
        current = tracer.start(record, consumer);
      }
    } catch (Throwable t) {
      AdviceErrors.report(t);
    }
    return record;
  }

  @Override
  public void remove() {
    delegate.remove();
  }

  private void endCurrent() {
    ProcessTracer.Process process = current;
    if (process != null) {
      current = null;
      try {
        process.end();
      } catch (Throwable t) {
        AdviceErrors.report(t);
      }
    }
  }
}
