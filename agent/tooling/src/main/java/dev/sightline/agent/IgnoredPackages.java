package dev.sightline.agent;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Packages of large libraries that no instrumentation weaves, dismissed by name before any
 * matcher has to parse their classes. Hierarchy matchers (JDBC statements, servlets, RabbitMQ
 * consumers) otherwise read the class file of every class loaded: an embedded Kafka broker,
 * an AMQP broker or a JSON library brings thousands of them. A package belongs here only if no
 * instrumentation targets anything in it but a few classes named below as exceptions (Kafka's
 * clients, the two logging classes log correlation weaves); the JDBC drivers, servlet containers
 * and clients the agent instruments are not on this list.
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
  /** The classes of ignored packages that log correlation weaves. */
  private static final String LOGBACK_EVENT = "ch.qos.logback.classic.spi.LoggingEvent";
  private static final String LOG4J_INJECTOR_FACTORY = "org.apache.logging.log4j.core.impl.ContextDataInjectorFactory";

  @Override
  public boolean matches(TypeDescription type) {
    String name = type.getName();
    for (String prefix : PREFIXES) {
      if (name.startsWith(prefix)) {
        return !name.startsWith(KAFKA_CLIENTS) && !name.equals(LOGBACK_EVENT) && !name.equals(LOG4J_INJECTOR_FACTORY);
      }
    }
    return false;
  }
}
