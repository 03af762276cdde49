package dev.sightline.apps.amqp;

import java.util.Map;

/** Command line and environment settings; arguments win over environment variables. */
record AppOptions(
    int port, String amqpHost, int amqpPort, String user, String password, String suffix, int recoveryMillis) {

  static final String USAGE =
      "usage: AmqpApp [--port N] [--amqp-host H] [--amqp-port N] [--user U] [--password P] [--suffix S]"
          + " [--recovery-interval-ms N]"
          + " (env: AMQP_APP_PORT, AMQP_HOST, AMQP_PORT, AMQP_USER, AMQP_PASSWORD, AMQP_APP_SUFFIX)";

  static AppOptions parse(String[] args, Map<String, String> env) {
    String port = env.getOrDefault("AMQP_APP_PORT", "8080");
    String host = env.getOrDefault("AMQP_HOST", "127.0.0.1");
    String amqpPort = env.getOrDefault("AMQP_PORT", "5672");
    String user = env.getOrDefault("AMQP_USER", "guest");
    String password = env.getOrDefault("AMQP_PASSWORD", "guest");
    String suffix = env.getOrDefault("AMQP_APP_SUFFIX", "");
    String recovery = "1000";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = value(args, ++i);
        case "--amqp-host" -> host = value(args, ++i);
        case "--amqp-port" -> amqpPort = value(args, ++i);
        case "--user" -> user = value(args, ++i);
        case "--password" -> password = value(args, ++i);
        case "--suffix" -> suffix = value(args, ++i);
        case "--recovery-interval-ms" -> recovery = value(args, ++i);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (!suffix.matches("[A-Za-z0-9_.-]*")) {
      throw new IllegalArgumentException("suffix may hold letters, digits, '_', '.', '-' only: " + suffix);
    }
    return new AppOptions(
        number("port", port), host, number("amqp port", amqpPort), user, password, suffix, number("recovery interval", recovery));
  }

  private static int number(String what, String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " is not a number: " + text);
    }
  }

  private static String value(String[] args, int index) {
    if (index >= args.length) {
      throw new IllegalArgumentException(args[index - 1] + " needs a value");
    }
    return args[index];
  }
}
