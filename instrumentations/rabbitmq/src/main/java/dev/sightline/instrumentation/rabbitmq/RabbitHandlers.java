package dev.sightline.instrumentation.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Envelope;
import dev.sightline.agent.spi.LibraryHandlers;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;
import java.lang.ref.WeakReference;

/** The handlers behind the advice, for one copy of the client. */
final class RabbitHandlers implements LibraryHandlers {

  private final RabbitTracer tracer;
  private final Subscriptions subscriptions = new Subscriptions();
  /** The delivery being processed on this thread, from its process span's start to its end. */
  private final ThreadLocal<RabbitTracer.Process> processing = new ThreadLocal<>();
  private final ConnectionWatcher watcher;
  /** See {@link #brokerOf}. */
  private volatile KnownBroker lastBroker;

  RabbitHandlers(Telemetry telemetry) {
    this.tracer = new RabbitTracer(telemetry);
    this.watcher = new ConnectionWatcher(telemetry.dependencies());
  }

  @Override
  public Handler handler(int slot) {
    switch (slot) {
      case Handlers.RABBITMQ_PUBLISH:
        return publish();
      case Handlers.RABBITMQ_DELIVER:
        return deliver();
      case Handlers.RABBITMQ_PROCESS:
        return process();
      case Handlers.RABBITMQ_PROCESS_FAILED:
        return processFailed();
      case Handlers.RABBITMQ_GET:
        return get();
      case Handlers.RABBITMQ_CONSUME:
        return consume();
      case Handlers.RABBITMQ_CONNECTION:
        return connection();
      default:
        return null;
    }
  }

  /**
   * The broker of a channel's connection. A publisher keeps to one connection, and working the
   * address out formats it afresh (14 % of the agent's time on PerfTest's publishing thread), so
   * the last connection's is kept, weakly.
   */
  BrokerAddress brokerOf(Object channel) {
    if (!(channel instanceof Channel)) {
      return null;
    }
    Connection connection = ((Channel) channel).getConnection();
    KnownBroker known = lastBroker;
    if (known != null && connection != null && known.connection.get() == connection) {
      return known.broker;
    }
    BrokerAddress broker = BrokerAddress.of(connection);
    if (broker != null) {
      lastBroker = new KnownBroker(connection, broker);
    }
    return broker;
  }

  /** A connection, held weakly, and its broker. */
  private static final class KnownBroker {
    final WeakReference<Connection> connection;
    final BrokerAddress broker;

    KnownBroker(Connection connection, BrokerAddress broker) {
      this.connection = new WeakReference<>(connection);
      this.broker = broker;
    }
  }

  /** {@code enter(channel, [exchange, routingKey, body])}, {@code argument(state, properties)}. */
  Handler publish() {
    return new Handler() {
      @Override
      public Object enter(Object channel, Object argument) {
        if (!(argument instanceof Object[]) || CallDepth.suppressed()) {
          return null;
        }
        Object[] call = (Object[]) argument;
        return tracer.startPublish(brokerOf(channel), (String) call[0], (String) call[1], call[2]);
      }

      @Override
      public Object argument(Object state, Object properties) {
        if (!(state instanceof RabbitTracer.Publish)) {
          return properties;
        }
        return ((RabbitTracer.Publish) state).withTraceHeaders((AMQP.BasicProperties) properties);
      }

      @Override
      public void exit(Object state, Object target, Object result, Throwable error) {
        if (state instanceof RabbitTracer.Publish) {
          ((RabbitTracer.Publish) state).end(error);
        }
      }
    };
  }

  /** {@code enter(consumer, [consumerTag, envelope, properties, body])}. */
  Handler deliver() {
    return new ProcessHandler() {
      @Override
      Subscriptions.Subscription subscription(Object consumer, Object[] call) {
        return subscriptions.of(consumer);
      }
    };
  }

  /**
   * {@code enter(channel, [queue, envelope, properties, body])}: a framework's container thread
   * processes a delivery it took from the client's consumer thread.
   */
  Handler process() {
    return new ProcessHandler() {
      @Override
      Subscriptions.Subscription subscription(Object channel, Object[] call) {
        return new Subscriptions.Subscription(call[0] instanceof String ? (String) call[0] : null, brokerOf(channel));
      }
    };
  }

  /** A process span around a delivery's handling, from its envelope, properties and body. */
  private abstract class ProcessHandler extends Handler {
    abstract Subscriptions.Subscription subscription(Object target, Object[] call);

    @Override
    public Object enter(Object target, Object argument) {
      if (!(argument instanceof Object[]) || CallDepth.suppressed()) {
        return null;
      }
      Object[] call = (Object[]) argument;
      RabbitTracer.Process process =
          tracer.startProcess(
              subscription(target, call),
              call[1] instanceof Envelope ? (Envelope) call[1] : null,
              call[2] instanceof AMQP.BasicProperties ? (AMQP.BasicProperties) call[2] : null,
              call[3] instanceof byte[] ? (byte[]) call[3] : null);
      processing.set(process);
      return process;
    }

    @Override
    public void exit(Object state, Object target, Object result, Throwable error) {
      if (state instanceof RabbitTracer.Process) {
        RabbitTracer.Process process = (RabbitTracer.Process) state;
        processing.remove();
        process.closeScope();
        process.end(error);
      }
    }
  }

  /** {@code enter(error, null)}: a framework caught what the listener of this thread's delivery threw. */
  Handler processFailed() {
    return new Handler() {
      @Override
      public Object enter(Object error, Object unused) {
        RabbitTracer.Process process = processing.get();
        if (process != null && error instanceof Throwable) {
          process.failed((Throwable) error);
        }
        return null;
      }
    };
  }

  /** {@code enter(channel, queue)}, {@code exit(poll, channel, getResponse, error)}. */
  Handler get() {
    return new Handler() {
      @Override
      public Object enter(Object channel, Object queue) {
        return CallDepth.suppressed() ? null : new RabbitTracer.Poll((String) queue);
      }

      @Override
      public void exit(Object state, Object channel, Object response, Throwable error) {
        if (state instanceof RabbitTracer.Poll) {
          tracer.endPoll((RabbitTracer.Poll) state, brokerOf(channel), response, error);
        }
      }
    };
  }

  /** {@code exit([queue, consumer], channel, consumerTag, null)}. */
  Handler consume() {
    return new Handler() {
      @Override
      public void exit(Object state, Object channel, Object consumerTag, Throwable error) {
        if (state instanceof Object[]) {
          Object[] call = (Object[]) state;
          subscriptions.put(call[1], new Subscriptions.Subscription((String) call[0], brokerOf(channel)));
        }
      }
    };
  }

  /** {@code exit(null, factory, connection, error)}. */
  Handler connection() {
    return new Handler() {
      @Override
      public void exit(Object state, Object factory, Object connection, Throwable error) {
        if (connection instanceof Connection) {
          watcher.watch((Connection) connection);
        }
      }
    };
  }
}
