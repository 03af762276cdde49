package dev.sightline.apps.springboot;

import dev.sightline.apps.springboot.CatalogController.Price;
import dev.sightline.apps.springboot.CatalogController.Stock;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * {@code POST /orders} (JSON {@code {"product":"book","quantity":2}} or a form with the same
 * fields), {@code GET /orders/{orderId}}, and {@code POST /orders/{orderId}/rejection}, which sends
 * the messages the listeners reject (their failure is what it is for).
 */
@RestController
public class OrderController {

  private static final Logger LOG = LoggerFactory.getLogger(OrderController.class);

  /** The batch topic gets one record per order line, at most this many. */
  static final int MAX_BATCH_RECORDS = 3;
  private static final long SEND_TIMEOUT_SECONDS = 10;

  private final JdbcTemplate jdbc;
  private final RestClient pricingClient;
  private final RestClient inventoryClient;
  private final KafkaTemplate<String, String> kafka;
  private final RabbitTemplate rabbit;
  private final String ordersTopic;
  private final String batchTopic;
  private final String auditQueue;

  public OrderController(JdbcTemplate jdbc,
      @Qualifier("pricingClient") RestClient pricingClient,
      @Qualifier("inventoryClient") RestClient inventoryClient,
      KafkaTemplate<String, String> kafka,
      RabbitTemplate rabbit,
      @Value("${app.kafka.orders-topic}") String ordersTopic,
      @Value("${app.kafka.batch-topic}") String batchTopic,
      @Value("${app.amqp.audit-queue}") String auditQueue) {
    this.jdbc = jdbc;
    this.pricingClient = pricingClient;
    this.inventoryClient = inventoryClient;
    this.kafka = kafka;
    this.rabbit = rabbit;
    this.ordersTopic = ordersTopic;
    this.batchTopic = batchTopic;
    this.auditQueue = auditQueue;
  }

  public record OrderRequest(String product, Integer quantity) {}

  @PostMapping(path = "/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> placeJson(@RequestBody OrderRequest order, HttpServletRequest request) {
    return place(order.product(), order.quantity() == null ? 0 : order.quantity(), request);
  }

  @PostMapping(path = "/orders", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  public ResponseEntity<Map<String, Object>> placeForm(@RequestParam("product") String product,
      @RequestParam("quantity") int quantity, HttpServletRequest request) {
    return place(product, quantity, request);
  }

  private ResponseEntity<Map<String, Object>> place(String product, int quantity, HttpServletRequest request) {
    LOG.info("placing an order for {} x{}", product, quantity);
    if (product == null || product.isBlank() || quantity < 1 || quantity > 100) {
      return error(400, "product and a quantity from 1 to 100 are required");
    }
    // Both services are this app: call it back on the port the request came in on.
    String self = "http://127.0.0.1:" + request.getLocalPort();
    Price price;
    Stock stock;
    try {
      price = pricingClient.get().uri(self + "/pricing/{product}", product).retrieve().body(Price.class);
      stock = inventoryClient.get().uri(self + "/inventory/{product}", product).retrieve().body(Stock.class);
    } catch (HttpClientErrorException.NotFound e) {
      return error(422, "unknown product " + product);
    }
    Objects.requireNonNull(price, "pricing answered no body");
    Objects.requireNonNull(stock, "inventory answered no body");
    if (stock.available() < quantity) {
      return error(409, "only " + stock.available() + " " + product + " in stock");
    }

    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.update(connection -> {
      PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO orders (product, quantity, unit_price, status) VALUES (?, ?, ?, 'NEW')", new String[] {"ID"});
      insert.setString(1, product);
      insert.setInt(2, quantity);
      insert.setBigDecimal(3, price.unitPrice());
      return insert;
    }, keys);
    long id = Objects.requireNonNull(keys.getKey(), "no generated id").longValue();
    String key = Long.toString(id);

    int lines = Math.min(quantity, MAX_BATCH_RECORDS);
    try {
      List<CompletableFuture<?>> sends = new ArrayList<>();
      sends.add(kafka.send(ordersTopic, key, product + " x" + quantity));
      for (int line = 1; line <= lines; line++) {
        sends.add(kafka.send(batchTopic, key, key + ":" + line));
      }
      // The producer lingers (see application.properties) until this flush, so the lines leave in
      // one producer batch and the batch listener receives them in one poll.
      kafka.flush();
      CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return error(503, "Kafka send failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(503, "interrupted");
    }

    try {
      MessageProperties properties = new MessageProperties();
      properties.setMessageId("order-" + id);
      properties.setContentType(MessageProperties.CONTENT_TYPE_TEXT_PLAIN);
      properties.setHeader("order-id", key);
      rabbit.send("", auditQueue, new Message(("created " + key).getBytes(StandardCharsets.UTF_8), properties));
    } catch (AmqpException e) {
      return error(503, "AMQP publish failed: " + e);
    }

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("product", product);
    body.put("quantity", quantity);
    body.put("unitPrice", price.unitPrice());
    body.put("status", "NEW");
    body.put("batchRecords", lines);
    return ResponseEntity.created(URI.create("/orders/" + id)).body(body);
  }

  @GetMapping("/orders/{orderId}")
  public ResponseEntity<Map<String, Object>> order(@PathVariable("orderId") long id) {
    List<Map<String, Object>> rows = jdbc.queryForList(
        "SELECT o.id, o.product, o.quantity, o.unit_price, o.status,"
            + " (SELECT COUNT(*) FROM order_audit a WHERE a.order_id = o.id) AS audit_records,"
            + " (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id) AS line_records"
            + " FROM orders o WHERE o.id = ?", id);
    if (rows.isEmpty()) {
      return error(404, "no order " + id);
    }
    Map<String, Object> row = rows.get(0);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", row.get("ID"));
    body.put("product", row.get("PRODUCT"));
    body.put("quantity", row.get("QUANTITY"));
    body.put("unitPrice", row.get("UNIT_PRICE"));
    body.put("status", row.get("STATUS"));
    body.put("auditRecords", row.get("AUDIT_RECORDS"));
    body.put("lineRecords", row.get("LINE_RECORDS"));
    return ResponseEntity.ok(body);
  }

  /**
   * Asks both listeners to reject an order: a Kafka record on the orders topic and an AMQP message
   * on the audit queue, each marked so that its listener throws {@link OrderRejectedException}.
   * Answers 202 once both are sent; the failures happen afterwards, in the listeners.
   */
  @PostMapping("/orders/{orderId}/rejection")
  public ResponseEntity<Map<String, Object>> reject(@PathVariable("orderId") long orderId) {
    String key = Long.toString(orderId);
    try {
      CompletableFuture<?> sent = kafka.send(ordersTopic, key, OrderListeners.REJECT + " order " + key);
      kafka.flush();
      sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return error(503, "Kafka send failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(503, "interrupted");
    }
    try {
      MessageProperties properties = new MessageProperties();
      properties.setMessageId("rejection-" + key);
      properties.setContentType(MessageProperties.CONTENT_TYPE_TEXT_PLAIN);
      rabbit.send("", auditQueue,
          new Message((OrderListeners.REJECT + " " + key).getBytes(StandardCharsets.UTF_8), properties));
    } catch (AmqpException e) {
      return error(503, "AMQP publish failed: " + e);
    }
    return ResponseEntity.status(202).body(Map.of("orderId", orderId, "rejection", "sent"));
  }

  /** An error answer; status codes as numbers, since Spring 7 renamed some HttpStatus constants (422). */
  private static ResponseEntity<Map<String, Object>> error(int status, String message) {
    return ResponseEntity.status(status).body(Map.of("error", message));
  }
}
