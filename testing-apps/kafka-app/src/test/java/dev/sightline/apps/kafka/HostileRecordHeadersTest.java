package dev.sightline.apps.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Records a careless or hostile producer (the test, with no agent) sends to the app's topic:
 * a binary {@code traceparent}, two different ones, a 64 KB one, a valid one with a 64 KB baggage
 * of 1,000 members, and one with no value. The app processes every record; a bad parent starts a
 * new trace, the last of duplicated headers wins, a valid parent is kept whatever its baggage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRecordHeadersTest extends KafkaAppTestSupport {

  private static final String PARENT = "0af7651916cd43dd8448eb211c80319c";
  private static final String SECOND = "11111111111111111111111111111111";

  @Test
  void everyRecordIsProcessedAndItsBadTraceHeadersIgnored() throws Exception {
    String topic = "hostile-" + randomHex(4);
    app = startApp(TestApp.builder(KafkaApp.class.getName()).name("kafka-hostile-headers"), 0, topic, "hostile");
    app.awaitListeningPort("kafka-app", Duration.ofSeconds(60));
    Map<String, Long> offsets = new HashMap<>();
    String baggage = IntStream.range(0, 1000).mapToObj(i -> "k" + i + "=" + "v".repeat(60)).collect(Collectors.joining(","));
    try (KafkaProducer<String, String> producer = producer()) {
      offsets.put("binary", send(producer, topic, "binary", "traceparent", new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0x80, 0, 1}));
      ProducerRecord<String, String> twice = new ProducerRecord<>(topic, "twice", "{}");
      twice.headers().add("traceparent", ("00-" + PARENT + "-b7ad6b7169203331-01").getBytes(StandardCharsets.UTF_8));
      twice.headers().add("traceparent", ("00-" + SECOND + "-2222222222222222-01").getBytes(StandardCharsets.UTF_8));
      offsets.put("twice", producer.send(twice).get().offset());
      offsets.put("huge", send(producer, topic, "huge", "traceparent", ("00-" + "a".repeat(64 * 1024) + "-b7ad6b7169203331-01").getBytes(StandardCharsets.UTF_8)));
      ProducerRecord<String, String> heavy = new ProducerRecord<>(topic, "baggage", "{}");
      heavy.headers().add("traceparent", ("00-" + PARENT + "-b7ad6b7169203331-01").getBytes(StandardCharsets.UTF_8));
      heavy.headers().add("baggage", baggage.getBytes(StandardCharsets.UTF_8));
      offsets.put("baggage", producer.send(heavy).get().offset());
      offsets.put("empty", send(producer, topic, "empty", "traceparent", null));
    }
    for (String key : List.of("binary", "twice", "huge", "baggage", "empty")) {
      app.awaitLog("processed order " + key + " ", WAIT);
    }
    ReceivedSpan binary = process(topic, offsets.get("binary"));
    ReceivedSpan huge = process(topic, offsets.get("huge"));
    ReceivedSpan empty = process(topic, offsets.get("empty"));
    for (ReceivedSpan span : List.of(binary, huge, empty)) {
      assertTrue(span.parentSpanId() == null || span.parentSpanId().isEmpty(), "a new trace: " + span);
    }
    assertEquals(SECOND, process(topic, offsets.get("twice")).traceId(), "the last of duplicated headers wins");
    assertEquals(PARENT, process(topic, offsets.get("baggage")).traceId(), "a valid parent is kept whatever its baggage");
    assertEquals(0.0, MetricsScrape.scrape(app.endpointUrl("/metrics"))
        .sum("sightline_instrumentation_errors_total"));
    assertTrue(app.log().lines().noneMatch(line -> line.contains(" failed: ")), "no order failed: " + app.logFile());
  }

  /** The process span of the record at {@code offset} (the topic has one partition). */
  private ReceivedSpan process(String topic, long offset) {
    return receiver.awaitSpan(span -> "CONSUMER".equals(span.kind()) && topic.equals(span.attr("messaging.destination.name"))
        && String.valueOf(offset).equals(span.attr("messaging.kafka.offset")), WAIT);
  }

  private static long send(KafkaProducer<String, String> producer, String topic, String key, String header, byte[] value)
      throws Exception {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, "{}");
    record.headers().add(header, value);
    return producer.send(record).get().offset();
  }

  private KafkaProducer<String, String> producer() {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(config);
  }
}
