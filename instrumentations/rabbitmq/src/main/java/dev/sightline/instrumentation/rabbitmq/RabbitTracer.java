package dev.sightline.instrumentation.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import dev.sightline.agent.messaging.DestinationNames;
import dev.sightline.agent.messaging.MessagingMetrics;
import dev.sightline.agent.telemetry.SpanNames;
import dev.sightline.agent.http.HttpSemantics;
import dev.sightline.agent.telemetry.Operation;
import dev.sightline.agent.telemetry.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * RabbitMQ spans, metrics and broker health as the OpenTelemetry messaging conventions define
 * them: PRODUCER {@code publish {exchange}}, CONSUMER {@code process {queue}} (child of the
 * publisher's context carried in the message headers) and CONSUMER {@code receive {queue}} for
 * {@code basicGet} (linked to that context: the poll, not the message, is its parent).
 */
final class RabbitTracer {

  static final String SYSTEM = "rabbitmq";
  static final String DEPENDENCY_TYPE = "rabbitmq";
  /** How the conventions name the default exchange, whose real name is empty. */
  static final String DEFAULT_EXCHANGE = "amq.default";

  static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<Boolean> DESTINATION_TEMPORARY =
      AttributeKey.booleanKey("messaging.destination.temporary");
  static final AttributeKey<String> SUBSCRIPTION = AttributeKey.stringKey("messaging.destination.subscription.name");
  static final AttributeKey<String> ROUTING_KEY = AttributeKey.stringKey("messaging.rabbitmq.destination.routing_key");
  static final AttributeKey<Long> DELIVERY_TAG = AttributeKey.longKey("messaging.rabbitmq.message.delivery_tag");
  static final AttributeKey<Long> BODY_SIZE = AttributeKey.longKey("messaging.message.body.size");
  static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  static final AttributeKey<String> CONVERSATION_ID = AttributeKey.stringKey("messaging.message.conversation_id");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> PEER_ADDRESS = AttributeKey.stringKey("network.peer.address");
  static final AttributeKey<Long> PEER_PORT = AttributeKey.longKey("network.peer.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final Telemetry telemetry;
  private final Tracer tracer;
  private final MessagingMetrics metrics;
  private final SpanNames publishNames = new SpanNames("publish");
  private final SpanNames processNames = new SpanNames("process");

  RabbitTracer(Telemetry telemetry) {
    this.telemetry = telemetry;
    this.tracer = telemetry.tracer("rabbitmq");
    this.metrics = telemetry.messagingMetrics();
  }

  /** One {@code basicPublish}. */
  final class Publish extends Operation {
    private final String exchange;
    private final BrokerAddress broker;

    Publish(Span span, Context context, String exchange, BrokerAddress broker) {
      super(span, context);
      this.exchange = exchange;
      this.broker = broker;
    }

    /** The application's properties with this span's context (and baggage) in the headers. */
    AMQP.BasicProperties withTraceHeaders(AMQP.BasicProperties properties) {
      Map<String, Object> injected = new HashMap<>(4);
      telemetry.propagator().inject(context, injected, MessageHeaders.SETTER);
      return injected.isEmpty() ? properties : MessageHeaders.withHeaders(properties, injected);
    }

    void end(Throwable error) {
      if (!claimEnd()) {
        return;
      }
      String errorType = fail(span, error);
      span.end();
      metrics.sent(SYSTEM, "publish", exchange, errorType);
      metrics.operationDuration(SYSTEM, "publish", exchange, null, errorType, elapsedSeconds());
      brokerOutcome(broker, errorType);
    }
  }

  /** The application handling one pushed delivery. */
  final class Process extends Operation {
    private final String destination;
    private volatile Throwable failure;

    Process(Span span, Context context, String destination) {
      super(span, context);
      this.destination = destination;
    }

    /** The handling failed although nothing was thrown out of it (a framework caught it). */
    void failed(Throwable error) {
      failure = error;
    }

    void end(Throwable error) {
      if (!claimEnd()) {
        return;
      }
      String errorType = fail(span, error != null ? error : failure);
      span.end();
      metrics.consumed(SYSTEM, "process", destination, null, errorType, 1);
      metrics.processDuration(SYSTEM, "process", destination, null, errorType, elapsedSeconds());
    }
  }

  /** A {@code basicGet} in flight: its span is built when it returns, when the message is known. */
  static final class Poll {
    final String queue;
    final long startEpochNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    final long startNanos = System.nanoTime();

    Poll(String queue) {
      this.queue = queue;
    }
  }

  Publish startPublish(BrokerAddress broker, String exchange, String routingKey, Object body) {
    String exchangeName = exchange == null || exchange.isEmpty() ? DEFAULT_EXCHANGE : exchange;
    Context parent = Context.current();
    SpanBuilder builder =
        tracer
            .spanBuilder(publishNames.of(DestinationNames.forSpanName(exchangeName)))
            .setSpanKind(SpanKind.PRODUCER)
            .setParent(parent)
            .setAttribute(MESSAGING_SYSTEM, SYSTEM)
            .setAttribute(OPERATION_TYPE, "send")
            .setAttribute(OPERATION_NAME, "publish")
            .setAttribute(DESTINATION, exchangeName);
    if (DestinationNames.looksTemporary(exchangeName)) {
      builder.setAttribute(DESTINATION_TEMPORARY, true);
    }
    if (routingKey != null && !routingKey.isEmpty()) {
      builder.setAttribute(ROUTING_KEY, routingKey);
    }
    long size = bodySize(body);
    if (size >= 0) {
      builder.setAttribute(BODY_SIZE, size);
    }
    setBroker(builder, broker);
    Span span = builder.startSpan();
    return new Publish(span, parent.with(span), exchangeName, broker);
  }

  /**
   * Starts the process span, current until {@link Process#end}; its parent is the context the
   * publisher put in the headers, or none (a new trace) when they carry none or a malformed one.
   */
  Process startProcess(
      Subscriptions.Subscription subscription, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
    Context parent = telemetry.propagator().extract(Context.root(), MessageHeaders.of(properties), MessageHeaders.GETTER);
    String queue = subscription == null ? null : subscription.queue;
    String exchange = envelope == null ? null : envelope.getExchange();
    String routingKey = envelope == null ? null : envelope.getRoutingKey();
    String destination =
        notEmpty(queue) ? queue : notEmpty(routingKey) ? routingKey : notEmpty(exchange) ? exchange : DEFAULT_EXCHANGE;
    SpanBuilder builder =
        tracer
            .spanBuilder(processNames.of(DestinationNames.forSpanName(destination)))
            .setSpanKind(SpanKind.CONSUMER)
            .setParent(parent)
            .setAttribute(MESSAGING_SYSTEM, SYSTEM)
            .setAttribute(OPERATION_TYPE, "process")
            .setAttribute(OPERATION_NAME, "process")
            .setAttribute(DESTINATION, destination);
    if (notEmpty(queue)) {
      builder.setAttribute(SUBSCRIPTION, queue);
    }
    if (DestinationNames.looksTemporary(destination)) {
      builder.setAttribute(DESTINATION_TEMPORARY, true);
    }
    setMessage(builder, envelope, properties, body);
    setBroker(builder, subscription == null ? null : subscription.broker);
    Span span = builder.startSpan();
    Process process = new Process(span, parent.with(span), destination);
    process.makeCurrent();
    return process;
  }

  /** Records a finished {@code basicGet}: a span under the caller's context, linked to the message's. */
  void endPoll(Poll poll, BrokerAddress broker, Object response, Throwable error) {
    GetResponse message = response instanceof GetResponse ? (GetResponse) response : null;
    String queue = notEmpty(poll.queue) ? poll.queue : null;
    SpanBuilder builder =
        tracer
            .spanBuilder(queue == null ? "receive" : "receive " + DestinationNames.forSpanName(queue))
            .setSpanKind(SpanKind.CONSUMER)
            .setParent(Context.current())
            .setStartTimestamp(poll.startEpochNanos, TimeUnit.NANOSECONDS)
            .setAttribute(MESSAGING_SYSTEM, SYSTEM)
            .setAttribute(OPERATION_TYPE, "receive")
            .setAttribute(OPERATION_NAME, "receive");
    if (queue != null) {
      builder.setAttribute(DESTINATION, queue);
      if (DestinationNames.looksTemporary(queue)) {
        builder.setAttribute(DESTINATION_TEMPORARY, true);
      }
    }
    if (message != null) {
      Context sent =
          telemetry.propagator().extract(Context.root(), MessageHeaders.of(message.getProps()), MessageHeaders.GETTER);
      SpanContext link = Span.fromContext(sent).getSpanContext();
      if (link.isValid()) {
        builder.addLink(link);
      }
      setMessage(builder, message.getEnvelope(), message.getProps(), message.getBody());
    }
    setBroker(builder, broker);
    Span span = builder.startSpan();
    String errorType = fail(span, error);
    span.end();
    double seconds = (System.nanoTime() - poll.startNanos) / 1e9;
    metrics.operationDuration(SYSTEM, "receive", queue, null, errorType, seconds);
    if (message != null) {
      metrics.consumed(SYSTEM, "receive", queue, null, errorType, 1);
    }
    brokerOutcome(broker, errorType);
  }

  private void brokerOutcome(BrokerAddress broker, String errorType) {
    if (broker == null) {
      return;
    }
    if (errorType == null) {
      telemetry.dependencies().success(DEPENDENCY_TYPE, broker.dependencyName());
    } else {
      telemetry.dependencies().failure(DEPENDENCY_TYPE, broker.dependencyName(), errorType);
    }
  }

  private static void setMessage(
      SpanBuilder builder, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
    if (envelope != null) {
      if (notEmpty(envelope.getRoutingKey())) {
        builder.setAttribute(ROUTING_KEY, envelope.getRoutingKey());
      }
      builder.setAttribute(DELIVERY_TAG, envelope.getDeliveryTag());
    }
    if (body != null) {
      builder.setAttribute(BODY_SIZE, (long) body.length);
    }
    if (properties != null) {
      if (notEmpty(properties.getMessageId())) {
        builder.setAttribute(MESSAGE_ID, properties.getMessageId());
      }
      if (notEmpty(properties.getCorrelationId())) {
        builder.setAttribute(CONVERSATION_ID, properties.getCorrelationId());
      }
    }
  }

  private static void setBroker(SpanBuilder builder, BrokerAddress broker) {
    if (broker == null) {
      return;
    }
    builder.setAttribute(SERVER_ADDRESS, broker.host);
    builder.setAttribute(SERVER_PORT, (long) broker.port);
    builder.setAttribute(PEER_ADDRESS, broker.ip);
    builder.setAttribute(PEER_PORT, (long) broker.port);
  }

  /** Marks the span failed; returns the error type, or null when there is no error. */
  private static String fail(Span span, Throwable error) {
    if (error == null) {
      return null;
    }
    String errorType = HttpSemantics.errorType(error);
    span.recordException(error);
    span.setStatus(StatusCode.ERROR);
    span.setAttribute(ERROR_TYPE, errorType);
    return errorType;
  }

  static long bodySize(Object body) {
    if (body instanceof byte[]) {
      return ((byte[]) body).length;
    }
    if (body instanceof ByteBuffer) {
      return ((ByteBuffer) body).remaining();
    }
    return -1;
  }

  static boolean notEmpty(String value) {
    return value != null && !value.isEmpty();
  }
}
