package dev.sightline.apps.servlet;

import java.util.Set;

/** Command line: which container, which port, which downstream base URL. */
record AppOptions(String container, int port, String downstream) {

  static final String USAGE =
      "usage: ServletApp --container jetty-ee10|jetty-ee8|tomcat|tomcat9 [--port N] [--downstream BASE_URL]";

  private static final Set<String> CONTAINERS = Set.of("jetty-ee10", "jetty-ee8", "tomcat", "tomcat9");

  static AppOptions parse(String[] args) {
    String container = null;
    int port = 8080;
    String downstream = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--container" -> container = value(args, ++i);
        case "--port" -> {
          try {
            port = Integer.parseInt(value(args, ++i));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number: " + args[i]);
          }
        }
        case "--downstream" -> downstream = value(args, ++i);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (!CONTAINERS.contains(container)) {
      throw new IllegalArgumentException("--container must be one of " + CONTAINERS);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    return new AppOptions(container, port, downstream == null || downstream.isBlank() ? null : downstream);
  }

  private static String value(String[] args, int index) {
    if (index >= args.length) {
      throw new IllegalArgumentException(args[index - 1] + " needs a value");
    }
    return args[index];
  }
}
