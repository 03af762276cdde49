package dev.sightline.apps.war;

import jakarta.servlet.ServletContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The webapp's settings. Each is read from the context's init parameter, then the system property,
 * then the environment variable ({@code warapp.kafka.bootstrap} is {@code WARAPP_KAFKA_BOOTSTRAP}),
 * then a default. Destination and database names derive from the context path, so two deployments
 * in one container (or one JVM) never share a topic, a queue or a consumer group.
 */
final class WarAppConfig {

  /** The webapp's own name: the context path without its slash ({@code /shop} is {@code shop}). */
  final String name;
  final String contextPath;
  final String kafkaBootstrap;
  final String amqpUri;
  final String topic;
  final String group;
  final String exchange;
  final String queue;
  final String jdbcUrl;
  final String database;
  /** Where the order route calls /pricing and /inventory; null means "the address the order came in on". */
  final String baseUrl;

  private WarAppConfig(ServletContext context) {
    contextPath = context.getContextPath();
    String fromPath = contextPath.isEmpty() || "/".equals(contextPath) ? "root"
        : contextPath.substring(1).replace('/', '.');
    name = setting(context, "warapp.name", fromPath);
    String suffix = setting(context, "warapp.suffix", "");
    String tail = suffix.isEmpty() ? "" : "." + suffix;
    kafkaBootstrap = setting(context, "warapp.kafka.bootstrap", "127.0.0.1:9092");
    amqpUri = setting(context, "warapp.amqp.uri", "amqp://guest:guest@127.0.0.1:5672");
    topic = setting(context, "warapp.kafka.topic", name + ".orders" + tail);
    group = setting(context, "warapp.kafka.group", name + ".shipping" + tail);
    exchange = setting(context, "warapp.amqp.exchange", name + ".audit" + tail);
    queue = setting(context, "warapp.amqp.queue", name + ".audit" + tail);
    database = name.replaceAll("[^A-Za-z0-9]", "_");
    // DB_CLOSE_ON_EXIT=FALSE: no JVM shutdown hook holding the webapp's classes after undeploy.
    jdbcUrl = setting(context, "warapp.jdbc.url",
        "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
    String base = setting(context, "warapp.base.url", "");
    baseUrl = base.isEmpty() ? null : (base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
  }

  static WarAppConfig from(ServletContext context) {
    return new WarAppConfig(context);
  }

  private static String setting(ServletContext context, String key, String fallback) {
    String value = context.getInitParameter(key);
    if (value == null || value.isBlank()) {
      value = System.getProperty(key);
    }
    if (value == null || value.isBlank()) {
      value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  /** What /info shows, so tests and people see which names this deployment uses. */
  Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    out.put("contextPath", contextPath);
    out.put("kafkaBootstrap", kafkaBootstrap);
    out.put("topic", topic);
    out.put("group", group);
    out.put("amqpAddress", amqpAddress());
    out.put("exchange", exchange);
    out.put("queue", queue);
    out.put("database", database);
    return out;
  }

  /** host:port of the AMQP URI, without credentials. */
  String amqpAddress() {
    String rest = amqpUri.replaceFirst("^amqps?://", "");
    rest = rest.substring(rest.indexOf('@') + 1);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }
}
