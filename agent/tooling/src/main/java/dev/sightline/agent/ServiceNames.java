package dev.sightline.agent;

/** The default service name when none is configured: the jar's or the main class's name. */
final class ServiceNames {

  private ServiceNames() {}

  static String fromCommandLine() {
    return fromCommand(System.getProperty("sun.java.command"));
  }

  static String fromCommand(String command) {
    if (command == null || command.trim().isEmpty()) {
      return "unknown_service:java";
    }
    String first = command.trim().split("\\s+")[0];
    if (first.endsWith(".jar")) {
      String file = first.substring(Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\')) + 1);
      return file.substring(0, file.length() - ".jar".length());
    }
    int dot = first.lastIndexOf('.');
    return dot < 0 ? first : first.substring(dot + 1);
  }
}
