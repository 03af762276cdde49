package dev.sightline.agent.spi;

import dev.sightline.bootstrap.AgentLog;
import dev.sightline.bootstrap.Handler;
import java.util.function.Supplier;

/**
 * Creates the real handler at its first call, not in premain: a handler compiled against a
 * library (Kafka, RabbitMQ, ...) then loads only once the application has loaded that
 * library, and an absent library costs nothing and logs nothing. A handler that cannot be
 * created is reported once and replaced by a no-op.
 */
public final class LazyHandler extends Handler {

  private final String name;
  private final Supplier<? extends Handler> factory;
  private volatile Handler delegate;

  private LazyHandler(String name, Supplier<? extends Handler> factory) {
    this.name = name;
    this.factory = factory;
  }

  public static Handler of(String instrumentationName, Supplier<? extends Handler> factory) {
    return new LazyHandler(instrumentationName, factory);
  }

  private Handler delegate() {
    Handler current = delegate;
    if (current == null) {
      synchronized (this) {
        current = delegate;
        if (current == null) {
          try {
            current = factory.get();
          } catch (RuntimeException | LinkageError e) {
            AgentLog.warn("instrumentation " + name + " could not start and is off", e);
            current = Handler.NOOP;
          }
          delegate = current;
        }
      }
    }
    return current;
  }

  @Override
  public Object enter(Object target, Object argument) {
    return delegate().enter(target, argument);
  }

  @Override
  public Object argument(Object state, Object argument) {
    return delegate().argument(state, argument);
  }

  @Override
  public void exit(Object state, Object target, Object result, Throwable error) {
    delegate().exit(state, target, result, error);
  }
}
