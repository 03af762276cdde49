package dev.sightline.instrumentation.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import dev.sightline.agent.health.Dependencies;
import dev.sightline.bootstrap.AdviceErrors;
import dev.sightline.bootstrap.AgentLog;

/**
 * Follows each broker connection for /health: UP once open, DOWN when the broker or the network
 * ends it (not when the application closes it), UP again when the client's automatic recovery
 * has reconnected. Listeners run on client threads, so nothing may escape them.
 */
final class ConnectionWatcher implements ShutdownListener, RecoveryListener {

  private final Dependencies dependencies;

  ConnectionWatcher(Dependencies dependencies) {
    this.dependencies = dependencies;
  }

  void watch(Connection connection) {
    BrokerAddress broker = BrokerAddress.of(connection);
    if (broker != null) {
      dependencies.success(RabbitTracer.DEPENDENCY_TYPE, broker.dependencyName());
    }
    // On an auto-recovering connection both listeners survive recovery: the client re-registers them.
    connection.addShutdownListener(this);
    if (connection instanceof Recoverable) {
      ((Recoverable) connection).addRecoveryListener(this);
    }
  }

  @Override
  public void shutdownCompleted(ShutdownSignalException cause) {
    try {
      if (cause == null || cause.isInitiatedByApplication() || !(cause.getReference() instanceof Connection)) {
        return;
      }
      BrokerAddress broker = BrokerAddress.of((Connection) cause.getReference());
      if (broker == null) {
        return;
      }
      String reason = reason(cause);
      dependencies.down(RabbitTracer.DEPENDENCY_TYPE, broker.dependencyName(), reason);
      AgentLog.info("rabbitmq connection to " + broker.dependencyName() + " lost: " + reason);
    } catch (Throwable t) {
      AdviceErrors.report(t);
    }
  }

  @Override
  public void handleRecovery(Recoverable recoverable) {
    try {
      if (!(recoverable instanceof Connection)) {
        return;
      }
      BrokerAddress broker = BrokerAddress.of((Connection) recoverable);
      if (broker != null) {
        dependencies.success(RabbitTracer.DEPENDENCY_TYPE, broker.dependencyName());
        AgentLog.info("rabbitmq connection to " + broker.dependencyName() + " recovered");
      }
    } catch (Throwable t) {
      AdviceErrors.report(t);
    }
  }

  @Override
  public void handleRecoveryStarted(Recoverable recoverable) {}

  static String reason(ShutdownSignalException cause) {
    Object reason = cause.getReason();
    if (reason instanceof AMQP.Connection.Close) {
      AMQP.Connection.Close close = (AMQP.Connection.Close) reason;
      return "closed by the broker: " + close.getReplyCode() + ' ' + close.getReplyText();
    }
    Throwable failure = cause.getCause();
    return failure != null ? failure.toString() : String.valueOf(cause.getMessage());
  }
}
