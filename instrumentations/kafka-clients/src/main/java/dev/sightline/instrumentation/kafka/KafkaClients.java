package dev.sightline.instrumentation.kafka;

import dev.sightline.agent.http.HostAndPort;
import dev.sightline.bootstrap.AgentLog;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.MetricName;

/**
 * Per-client facts (client id, group, bootstrap servers), worked out once per producer or
 * consumer and held weakly, so clients the application drops are not kept alive. The
 * consumers seen are also what the lag gauge reads.
 */
final class KafkaClients {

  private final Map<Object, ClientInfo> producers = Collections.synchronizedMap(new WeakHashMap<>());
  private final Map<Object, ClientInfo> consumers = Collections.synchronizedMap(new WeakHashMap<>());
  private volatile Field producerConfigField;
  private volatile boolean producerConfigUnavailable;

  ClientInfo producer(KafkaProducer<?, ?> producer) {
    ClientInfo info = producers.get(producer);
    if (info == null) {
      String cluster = bootstrapServers(producer);
      HostAndPort first = firstServer(cluster);
      info =
          new ClientInfo(
              clientId(producer.metrics()),
              null,
              cluster,
              first == null ? null : first.host,
              first == null ? -1 : first.port);
      producers.put(producer, info);
    }
    return info;
  }

  /** Must run on the consumer's own thread (its group metadata call takes the consumer's lock). */
  ClientInfo consumer(Consumer<?, ?> consumer) {
    ClientInfo info = consumers.get(consumer);
    if (info == null) {
      info = new ClientInfo(clientId(consumer.metrics()), groupId(consumer), null, null, -1);
      consumers.put(consumer, info);
    }
    return info;
  }

  /** The consumers seen and still reachable, with their facts. */
  List<Map.Entry<Object, ClientInfo>> consumers() {
    synchronized (consumers) {
      return new ArrayList<>(consumers.entrySet());
    }
  }

  private static String clientId(Map<MetricName, ?> metrics) {
    try {
      for (MetricName name : metrics.keySet()) {
        String id = name.tags().get("client-id");
        if (id != null && !id.isEmpty()) {
          return id;
        }
      }
    } catch (RuntimeException e) {
      AgentLog.warnOnce("kafka-client-id", "could not read a Kafka client's id", e);
    }
    return null;
  }

  private static String groupId(Consumer<?, ?> consumer) {
    try {
      String group = consumer.groupMetadata().groupId();
      return group == null || group.isEmpty() ? null : group;
    } catch (RuntimeException e) {
      // No group configured (manual assignment): InvalidGroupIdException.
      return null;
    }
  }

  /** KafkaProducer keeps its config privately; read once per producer, best effort. */
  private String bootstrapServers(KafkaProducer<?, ?> producer) {
    if (producerConfigUnavailable) {
      return null;
    }
    try {
      Field field = producerConfigField;
      if (field == null) {
        field = KafkaProducer.class.getDeclaredField("producerConfig");
        field.setAccessible(true);
        producerConfigField = field;
      }
      Object config = field.get(producer);
      if (config instanceof ProducerConfig) {
        List<String> servers = ((ProducerConfig) config).getList(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        return servers == null || servers.isEmpty() ? null : String.join(",", servers);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      producerConfigUnavailable = true;
      AgentLog.warnOnce(
          "kafka-bootstrap", "could not read the Kafka producer's bootstrap servers; /health names the cluster 'kafka'", e);
    }
    return null;
  }

  private static HostAndPort firstServer(String cluster) {
    if (cluster == null) {
      return null;
    }
    int comma = cluster.indexOf(',');
    return HostAndPort.parse(comma < 0 ? cluster : cluster.substring(0, comma));
  }
}
