package dev.sightline.apps.shop;

import java.util.Map;

/**
 * Command line and environment settings; arguments win over environment variables. A missing
 * database, Kafka or AMQP address means "start an embedded one".
 */
record ShopOptions(
    int port, String jdbcUrl, String kafkaBootstrap, String amqpUri, String inventoryUrl, boolean load, double loadRate) {

  static final String USAGE = String.join("\n",
      "usage: ShopApp [--port N] [--jdbc-url URL] [--kafka-bootstrap HOST:PORT] [--amqp-uri URI] [--inventory-url URL]",
      "               [--load] [--load-rate N]",
      "  --port             HTTP port of the shop (default 8080, 0 = any free port; env SHOP_PORT)",
      "  --jdbc-url         a real database, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
      "                     (default: H2 in memory; env SHOP_JDBC_URL)",
      "  --kafka-bootstrap  a real Kafka cluster (default: an in-process KRaft broker; env SHOP_KAFKA_BOOTSTRAP)",
      "  --amqp-uri         a real AMQP 0-9-1 broker, e.g. amqp://guest:guest@127.0.0.1:5672",
      "                     (default: an in-process Qpid broker; env SHOP_AMQP_URI)",
      "  --inventory-url    the inventory service, e.g. http://127.0.0.1:9090 (default: the shop's own",
      "                     /inventory route; env SHOP_INVENTORY_URL)",
      "  --load             send a steady trickle of orders to itself, some of them failing (env SHOP_LOAD=true)",
      "  --load-rate        orders per second of --load (default 2)");

  static ShopOptions parse(String[] args, Map<String, String> env) {
    String port = env.getOrDefault("SHOP_PORT", "8080");
    String jdbcUrl = env.get("SHOP_JDBC_URL");
    String kafka = env.get("SHOP_KAFKA_BOOTSTRAP");
    String amqp = env.get("SHOP_AMQP_URI");
    String inventory = env.get("SHOP_INVENTORY_URL");
    boolean load = Boolean.parseBoolean(env.getOrDefault("SHOP_LOAD", "false"));
    String rate = env.getOrDefault("SHOP_LOAD_RATE", "2");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = value(args, ++i);
        case "--jdbc-url" -> jdbcUrl = value(args, ++i);
        case "--kafka-bootstrap" -> kafka = value(args, ++i);
        case "--amqp-uri" -> amqp = value(args, ++i);
        case "--inventory-url" -> inventory = value(args, ++i);
        case "--load" -> load = true;
        case "--load-rate" -> rate = value(args, ++i);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    double loadRate = Double.parseDouble(rate.trim());
    if (!(loadRate > 0 && loadRate <= 100)) {
      throw new IllegalArgumentException("--load-rate must be between 0 and 100, got " + rate);
    }
    return new ShopOptions(Integer.parseInt(port.trim()), blankToNull(jdbcUrl), blankToNull(kafka),
        blankToNull(amqp), blankToNull(inventory), load, loadRate);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
