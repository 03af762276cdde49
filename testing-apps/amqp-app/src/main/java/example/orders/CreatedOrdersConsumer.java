package example.orders;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;

/**
 * The classic consumer style: a DefaultConsumer subclass with manual acknowledgements.
 *
 * <p>It lives outside {@code dev.sightline.*} on purpose: the agent never weaves classes in its
 * own namespace, and the agent weaves this class (as it would any application's consumer).
 */
public final class CreatedOrdersConsumer extends DefaultConsumer {

  private final Processor processor;
  private final String queue;

  public CreatedOrdersConsumer(Channel channel, Processor processor, String queue) {
    super(channel);
    this.processor = processor;
    this.queue = queue;
  }

  @Override
  public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
      throws IOException {
    try {
      processor.process("DefaultConsumer", queue, envelope, properties, body);
      getChannel().basicAck(envelope.getDeliveryTag(), false);
    } catch (Exception e) {
      System.err.println("amqp-app: processing failed: " + e);
      getChannel().basicNack(envelope.getDeliveryTag(), false, false);
    }
  }

  /** What to do with each message; the application's processing. */
  public interface Processor {
    void process(String consumer, String queue, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
        throws Exception;
  }
}
