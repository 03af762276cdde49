package dev.sightline.instrumentation.springrabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import dev.sightline.agent.spi.LibraryHandlers;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.support.ListenerExecutionFailedException;

/**
 * Turns the container's {@link Message} back into what the client delivered (envelope,
 * properties with the trace headers, body) and hands it to the rabbitmq instrumentation's
 * handlers for the copy of the client the container uses, which make the process span.
 */
final class SpringRabbitHandlers implements LibraryHandlers {

  /** The process state of the rabbitmq handlers and the handler that ends it. */
  private static final class Delivery {
    final Handler process;
    final Object state;

    Delivery(Handler process, Object state) {
      this.process = process;
      this.state = state;
    }
  }

  private final Handler execute =
      new Handler() {
        @Override
        public Object enter(Object channel, Object data) {
          if (!(data instanceof Message)) {
            // A batch (List<Message>) is left to the listener: no single delivery to trace.
            return null;
          }
          Message message = (Message) data;
          MessageProperties properties = message.getMessageProperties();
          if (properties == null) {
            return null;
          }
          Envelope envelope =
              new Envelope(
                  properties.getDeliveryTag(),
                  Boolean.TRUE.equals(properties.getRedelivered()),
                  properties.getReceivedExchange(),
                  properties.getReceivedRoutingKey());
          AMQP.BasicProperties client =
              new AMQP.BasicProperties.Builder()
                  .headers(properties.getHeaders())
                  .messageId(properties.getMessageId())
                  .correlationId(properties.getCorrelationId())
                  .build();
          Handler process = Handlers.forClass(Handlers.RABBITMQ_PROCESS, Channel.class);
          Object state =
              process.enter(channel, new Object[] {properties.getConsumerQueue(), envelope, client, message.getBody()});
          return state == null ? null : new Delivery(process, state);
        }

        @Override
        public void exit(Object state, Object target, Object result, Throwable error) {
          if (state instanceof Delivery) {
            Delivery delivery = (Delivery) state;
            delivery.process.exit(delivery.state, null, null, listenerCause(error));
          }
        }

        /** {@code argument(null, error)}: the listener failed inside a delivery the client's span covers. */
        @Override
        public Object argument(Object state, Object error) {
          if (error instanceof Throwable) {
            Handlers.forClass(Handlers.RABBITMQ_PROCESS_FAILED, Channel.class).enter(listenerCause((Throwable) error), null);
          }
          return error;
        }
      };

  /** What the listener threw, out of Spring's {@code ListenerExecutionFailedException}. */
  private static Throwable listenerCause(Throwable error) {
    return error instanceof ListenerExecutionFailedException && error.getCause() != null ? error.getCause() : error;
  }

  SpringRabbitHandlers(Telemetry telemetry) {}

  @Override
  public Handler handler(int slot) {
    return slot == Handlers.SPRING_RABBIT_EXECUTE ? execute : null;
  }
}
