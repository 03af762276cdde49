package dev.sightline.agent;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Packages of large libraries that no instrumentation weaves, dismissed by name before any
 * matcher has to parse their classes. Hierarchy matchers (JDBC statements, servlets, RabbitMQ
 * consumers) otherwise read the class file of every class loaded: an embedded Kafka broker,
 * an AMQP broker or a JSON library brings thousands of them. A package belongs here only if no
 * instrumentation targets anything in it; the JDBC drivers, servlet containers and clients the
 * agent instruments are not on this list.
 */
final class IgnoredPackages extends ElementMatcher.Junction.AbstractBase<TypeDescription> {

  private static final String[] PREFIXES = {
    // Kafka's broker and its shared internals; the clients the agent weaves are kept below.
    "kafka.",
    "org.apache.kafka.",
    // Apache Qpid Broker-J internals (the agent instruments AMQP clients, not brokers).
    "org.apache.qpid.",
    "scala.",
    "kotlin.",
    "com.fasterxml.jackson.",
    "tools.jackson.",
    "org.apache.logging.log4j.",
    "org.slf4j.",
    "ch.qos.logback.",
    "org.bouncycastle.",
    "com.github.benmanes.caffeine.",
    "com.yammer.metrics.",
    "com.google.common.",
    "com.google.protobuf.",
    "io.netty.",
  };
  private static final String KAFKA_CLIENTS = "org.apache.kafka.clients.";

  @Override
  public boolean matches(TypeDescription type) {
    String name = type.getName();
    for (String prefix : PREFIXES) {
      if (name.startsWith(prefix)) {
        return !name.startsWith(KAFKA_CLIENTS);
      }
    }
    return false;
  }
}
