package dev.sightline.instrumentation.kafka;

import java.util.Iterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** {@code ConsumerRecords.records(topic)}: iterating it traces each record. */
final class ProcessingIterable<K, V> implements Iterable<ConsumerRecord<K, V>> {

  private final Iterable<ConsumerRecord<K, V>> delegate;
  private final ClientInfo consumer;
  private final ProcessTracer tracer;

  ProcessingIterable(Iterable<ConsumerRecord<K, V>> delegate, ClientInfo consumer, ProcessTracer tracer) {
    this.delegate = delegate;
    this.consumer = consumer;
    this.tracer = tracer;
  }

  @Override
  public Iterator<ConsumerRecord<K, V>> iterator() {
    return new ProcessingIterator<>(delegate.iterator(), consumer, tracer);
  }
}
