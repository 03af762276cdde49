package dev.sightline.apps.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import example.orders.CreatedOrdersConsumer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/** What both consumers do with a message: store it, tell the downstream service, remember it. */
final class MessageProcessor implements CreatedOrdersConsumer.Processor {

  private final OrderStore store;
  private final String downstreamUrl;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  MessageProcessor(OrderStore store, String downstreamUrl) {
    this.store = store;
    this.downstreamUrl = downstreamUrl;
  }

  @Override
  public void process(String consumer, String queue, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
      throws IOException, InterruptedException, SQLException {
    String text = new String(body, StandardCharsets.UTF_8);
    store.insert(properties.getMessageId(), queue, text);
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(downstreamUrl)).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    Map<String, Object> headers = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
    Object xApp = headers.get("x-app");
    store.record(
        new OrderStore.Received(
            consumer,
            queue,
            envelope.getExchange(),
            envelope.getRoutingKey(),
            properties.getMessageId(),
            properties.getContentType(),
            properties.getAppId(),
            xApp == null ? null : xApp.toString(),
            headers.containsKey("traceparent"),
            text,
            response.statusCode()));
  }
}
