package dev.sightline.apps.springboot;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * What happens after {@code POST /orders} answered: a record listener confirms the order, a batch
 * listener stores its lines with one JDBC batch, and an AMQP listener writes the audit trail.
 */
@Component
public class OrderListeners {

  /**
   * A Kafka record value or AMQP message body that starts with this word asks the listener to
   * reject the order: it throws {@link OrderRejectedException} (see {@code POST
   * /orders/{orderId}/rejection}). Kafka does not retry it (see {@code SpringBootApp}) and RabbitMQ
   * does not redeliver it ({@code default-requeue-rejected=false}): one failed delivery each.
   */
  static final String REJECT = "reject";

  private static final Logger LOG = LoggerFactory.getLogger(OrderListeners.class);

  private final JdbcTemplate jdbc;

  public OrderListeners(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** One record at a time (the listener id is the consumer group). */
  @KafkaListener(id = "order-confirmer", topics = "${app.kafka.orders-topic}")
  public void confirm(ConsumerRecord<String, String> record) {
    if (record.value() != null && record.value().startsWith(REJECT)) {
      throw new OrderRejectedException("order " + record.key() + " rejected by the confirmer");
    }
    LOG.info("confirming order {}", record.key());
    jdbc.update("UPDATE orders SET status = 'CONFIRMED' WHERE id = ?", Long.parseLong(record.key()));
  }

  /** All the records of a poll at once, stored with one JDBC batch statement. */
  @KafkaListener(id = "order-batcher", topics = "${app.kafka.batch-topic}", batch = "true")
  public void storeLines(List<ConsumerRecord<String, String>> records) {
    jdbc.batchUpdate("INSERT INTO order_lines (order_id, line_no, kafka_offset) VALUES (?, ?, ?)",
        records, records.size(), (insert, record) -> {
          String[] value = record.value().split(":", 2);
          insert.setLong(1, Long.parseLong(value[0]));
          insert.setInt(2, Integer.parseInt(value[1]));
          insert.setLong(3, record.offset());
        });
    System.out.println("stored " + records.size() + " order line(s) from one batch");
  }

  /** Runs on the AMQP client's consumer thread (spring.rabbitmq.listener.type=direct). */
  @RabbitListener(queues = "${app.amqp.audit-queue}")
  public void audit(Message message) {
    String[] body = new String(message.getBody(), StandardCharsets.UTF_8).split(" ", 2);
    if (REJECT.equals(body[0])) {
      throw new OrderRejectedException("order " + body[1] + " rejected by the auditor");
    }
    jdbc.update("INSERT INTO order_audit (order_id, event, message_id) VALUES (?, ?, ?)",
        Long.parseLong(body[1]), body[0], message.getMessageProperties().getMessageId());
  }
}
