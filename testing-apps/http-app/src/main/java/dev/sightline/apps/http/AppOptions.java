package dev.sightline.apps.http;

import java.util.Map;

/** Command line and environment settings; arguments win over environment variables. */
record AppOptions(int port, String downstream, boolean customLogManager) {

  static final String USAGE =
      "usage: HttpApp [--port N] [--downstream BASE_URL] [--custom-log-manager]"
          + " (env: HTTP_APP_PORT, HTTP_APP_DOWNSTREAM)";

  static AppOptions parse(String[] args, Map<String, String> env) {
    String port = env.getOrDefault("HTTP_APP_PORT", "8080");
    String downstream = env.get("HTTP_APP_DOWNSTREAM");
    boolean customLogManager = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port":
          port = value(args, ++i);
          break;
        case "--downstream":
          downstream = value(args, ++i);
          break;
        case "--custom-log-manager":
          customLogManager = true;
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    int portNumber;
    try {
      portNumber = Integer.parseInt(port.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port is not a number: " + port);
    }
    if (portNumber < 0 || portNumber > 65535) {
      throw new IllegalArgumentException("port out of range: " + portNumber);
    }
    if (downstream != null && downstream.isBlank()) {
      downstream = null;
    }
    return new AppOptions(portNumber, downstream, customLogManager);
  }

  private static String value(String[] args, int index) {
    if (index >= args.length) {
      throw new IllegalArgumentException(args[index - 1] + " needs a value");
    }
    return args[index];
  }
}
