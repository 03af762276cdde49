package dev.sightline.agent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The OpenTelemetry Java agent attached next to Sightline. Both would weave the same libraries and
 * each trace every call, and each would take the application's OpenTelemetry API for its own: the
 * application's telemetry would double and its traces break. Found by the {@code -javaagent}
 * options of the command line and of {@code JAVA_TOOL_OPTIONS}/{@code JDK_JAVA_OPTIONS}, whatever
 * their order, by the {@code Premain-Class} in each jar's manifest.
 */
final class OtherAgents {

  /**
   * Built at run time: the agent jar's shading rewrites every string constant that names an
   * {@code io.opentelemetry} class to the agent's relocated copy, and this one must stay the real name.
   */
  static final String OPENTELEMETRY_PREMAIN = String.join(".", "io", "opentelemetry", "javaagent", "OpenTelemetryAgent");

  private OtherAgents() {}

  /** The jar of the OpenTelemetry Java agent this JVM was started with, or null. */
  static String openTelemetryAgent() {
    return openTelemetryAgent(jvmOptions(), OtherAgents::premainClass);
  }

  interface ManifestReader {
    String premainClass(String jar);
  }

  static String openTelemetryAgent(List<String> options, ManifestReader manifests) {
    for (String option : options) {
      if (!option.startsWith("-javaagent:")) {
        continue;
      }
      String jar = option.substring("-javaagent:".length());
      int argumentsAt = jar.indexOf('=');
      if (argumentsAt >= 0) {
        jar = jar.substring(0, argumentsAt);
      }
      if (OPENTELEMETRY_PREMAIN.equals(manifests.premainClass(jar))) {
        return jar;
      }
    }
    return null;
  }

  private static List<String> jvmOptions() {
    List<String> options = new ArrayList<>();
    ProcessHandle.current().info().arguments().ifPresent(arguments -> options.addAll(Arrays.asList(arguments)));
    Map<String, String> environment = System.getenv();
    for (String variable : new String[] {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"}) {
      String value = environment.get(variable);
      if (value != null) {
        options.addAll(Arrays.asList(value.trim().split("\\s+")));
      }
    }
    return options;
  }

  private static String premainClass(String jar) {
    try (JarFile file = new JarFile(jar, false)) {
      Manifest manifest = file.getManifest();
      return manifest == null ? null : manifest.getMainAttributes().getValue("Premain-Class");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
