package dev.sightline.instrumentation.kafka;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@code ConsumerRecords.records(partition)}: the same read-only list, whose iteration (for,
 * forEach, streams) traces each record. Access by index is not traced.
 */
final class ProcessingList<K, V> extends AbstractList<ConsumerRecord<K, V>> {

  private final List<ConsumerRecord<K, V>> delegate;
  private final ClientInfo consumer;
  private final ProcessTracer tracer;

  ProcessingList(List<ConsumerRecord<K, V>> delegate, ClientInfo consumer, ProcessTracer tracer) {
    this.delegate = delegate;
    this.consumer = consumer;
    this.tracer = tracer;
  }

  @Override
  public ConsumerRecord<K, V> get(int index) {
    return delegate.get(index);
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public Iterator<ConsumerRecord<K, V>> iterator() {
    return new ProcessingIterator<>(delegate.iterator(), consumer, tracer);
  }
}
