package dev.sightline.instrumentation.kafka;

import dev.sightline.agent.config.AgentConfig;
import dev.sightline.agent.spi.LibraryHandlers;
import dev.sightline.agent.telemetry.WeakIdentityMap;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;
import io.opentelemetry.api.trace.Tracer;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka handlers of one copy of kafka-clients and the state they share: tracers, metrics,
 * clients and polled batches.
 */
final class KafkaHandlers implements LibraryHandlers {

  private final KafkaClients clients = new KafkaClients();
  private final SendTracer sendTracer;
  private final ProcessTracer processTracer;
  private final PollTracer pollTracer;
  private final BatchTracer batchTracer;
  /** Each polled batch and the consumer it came from, until the application drops the batch. */
  private final WeakIdentityMap<Object, ClientInfo> batches = new WeakIdentityMap<>();
  /** Read by the shared lag gauge, which holds it only weakly. */
  private final Supplier<Map<List<String>, Double>> lag;

  KafkaHandlers(Telemetry telemetry) {
    boolean pollSpans = AgentConfig.fromSystem().getBoolean("sightline.kafka.poll-spans", false);
    Tracer tracer = telemetry.tracer(KafkaClientsInstrumentation.NAME);
    KafkaMetrics metrics = new KafkaMetrics(telemetry.messagingMetrics());
    this.lag = ConsumerLagGauge.register(telemetry, clients, metrics);
    PendingSends pending = new PendingSends(AgentConfig.fromSystem()
        .getInt(PendingSends.SETTING, PendingSends.DEFAULT_LIMIT, 0, Integer.MAX_VALUE));
    this.sendTracer = new SendTracer(telemetry, tracer, metrics, pending);
    this.processTracer = new ProcessTracer(telemetry, tracer, metrics);
    this.pollTracer = new PollTracer(telemetry, pollSpans ? tracer : null, metrics);
    this.batchTracer = new BatchTracer(telemetry, tracer, metrics);
  }

  @Override
  public Handler handler(int slot) {
    switch (slot) {
      case Handlers.KAFKA_PRODUCER_SEND:
        return send();
      case Handlers.KAFKA_CONSUMER_POLL:
        return poll();
      case Handlers.KAFKA_CONSUMER_CLOSE:
        return close();
      case Handlers.KAFKA_CONSUMER_RECORDS:
        return records();
      case Handlers.KAFKA_BATCH_PROCESS:
        return batch();
      case Handlers.KAFKA_PROCESS_FAILED:
        return failed();
      default:
        return null;
    }
  }

  Handler send() {
    return new Handler() {
      @Override
      public Object enter(Object producer, Object record) {
        if (!(producer instanceof KafkaProducer) || !(record instanceof ProducerRecord) || CallDepth.suppressed()) {
          return null;
        }
        ClientInfo client = clients.producer((KafkaProducer<?, ?>) producer);
        return sendTracer.start((ProducerRecord<?, ?>) record, client);
      }

      @Override
      public Object argument(Object state, Object callback) {
        if (!(state instanceof SendTracer.Send)) {
          return callback;
        }
        return new TracingCallback(((SendTracer.Send) state).completion(), (Callback) callback);
      }

      @Override
      public void exit(Object state, Object producer, Object future, Throwable error) {
        if (state instanceof SendTracer.Send) {
          ((SendTracer.Send) state).returned(error);
        }
      }
    };
  }

  Handler poll() {
    return new Handler() {
      @Override
      public Object enter(Object consumer, Object unused) {
        processTracer.endOpen();
        return CallDepth.suppressed() ? null : pollTracer.begin();
      }

      @Override
      public void exit(Object state, Object consumer, Object records, Throwable error) {
        if (!(state instanceof PollTracer.Poll) || !(consumer instanceof Consumer)) {
          return;
        }
        ClientInfo info = clients.consumer((Consumer<?, ?>) consumer);
        if (records instanceof ConsumerRecords && !((ConsumerRecords<?, ?>) records).isEmpty()) {
          // Counted before the batch is registered, so this iteration is not traced as processing.
          pollTracer.end((PollTracer.Poll) state, (ConsumerRecords<?, ?>) records, info, null);
          batches.put(records, info);
        } else if (error != null) {
          pollTracer.end((PollTracer.Poll) state, null, info, error);
        }
      }
    };
  }

  Handler close() {
    return new Handler() {
      @Override
      public Object enter(Object consumer, Object unused) {
        processTracer.endOpen();
        return null;
      }
    };
  }

  /** {@code enter(records, null)}: a framework hands the whole batch to one listener call. */
  Handler batch() {
    return new Handler() {
      @Override
      public Object enter(Object records, Object unused) {
        if (!(records instanceof ConsumerRecords) || ((ConsumerRecords<?, ?>) records).isEmpty() || CallDepth.suppressed()) {
          return null;
        }
        processTracer.endOpen();
        return batchTracer.start((ConsumerRecords<?, ?>) records, batches.get(records));
      }

      @Override
      public void exit(Object state, Object target, Object result, Throwable error) {
        if (state instanceof BatchTracer.Batch) {
          ((BatchTracer.Batch) state).end(error);
        }
      }
    };
  }

  /** {@code enter(error, null)}: a framework caught what the application's listener threw. */
  Handler failed() {
    return new Handler() {
      @Override
      public Object enter(Object error, Object unused) {
        if (!(error instanceof Throwable)) {
          return null;
        }
        Throwable cause = MessagingAttributes.listenerCause((Throwable) error);
        if (!batchTracer.failCurrent(cause)) {
          processTracer.failOpen(cause);
        }
        return null;
      }
    };
  }

  Handler records() {
    return new Handler() {
      @Override
      @SuppressWarnings({"unchecked", "rawtypes"})
      public Object argument(Object records, Object result) {
        if (result instanceof ProcessingIterator
            || result instanceof ProcessingList
            || result instanceof ProcessingIterable) {
          return result;
        }
        ClientInfo consumer = batches.get(records);
        if (consumer == null) {
          return result;
        }
        if (result instanceof Iterator) {
          return new ProcessingIterator((Iterator<ConsumerRecord<?, ?>>) result, consumer, processTracer);
        }
        if (result instanceof List) {
          return new ProcessingList((List<ConsumerRecord<?, ?>>) result, consumer, processTracer);
        }
        if (result instanceof Iterable) {
          return new ProcessingIterable((Iterable<ConsumerRecord<?, ?>>) result, consumer, processTracer);
        }
        return result;
      }
    };
  }
}
