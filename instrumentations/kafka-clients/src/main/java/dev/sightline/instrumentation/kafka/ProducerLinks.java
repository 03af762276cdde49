package dev.sightline.instrumentation.kafka;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/** Links from a span that covers many records (a poll, a batch) to each record's producer span. */
final class ProducerLinks {

  /** Links beyond this many per span are dropped. */
  static final int MAX_LINKS = 128;

  private ProducerLinks() {}

  static void add(SpanBuilder builder, ConsumerRecords<?, ?> records, TextMapPropagator propagator) {
    int links = 0;
    for (TopicPartition partition : records.partitions()) {
      for (ConsumerRecord<?, ?> record : records.records(partition)) {
        if (links >= MAX_LINKS) {
          return;
        }
        SpanContext producer =
            Span.fromContext(propagator.extract(Context.root(), record.headers(), RecordHeadersCarrier.INSTANCE))
                .getSpanContext();
        if (producer.isValid()) {
          builder.addLink(producer);
          links++;
        }
      }
    }
  }
}
