package dev.sightline.benchmark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A load tool (or the broker) as published on Maven Central, with the class path its own POM
 * resolves to. run.sh resolves each in a POM of its own (target/benchmark/tools/NAME/pom.xml), so
 * neither this module's dependency management nor another tool can change its versions.
 */
record MessagingTool(Kind kind, String version, String classpath) {

  enum Kind {
    KAFKA_TOOLS("kafka-tools", "kafka-tools"),
    KAFKA_BROKER("kafka-broker", "kafka_2.13"),
    PERF_TEST("perf-test", "perf-test");

    private final String file;
    private final String artifactId;

    Kind(String file, String artifactId) {
      this.file = file;
      this.artifactId = artifactId;
    }

    String artifactId() {
      return artifactId;
    }

    String file() {
      return file;
    }
  }

  static MessagingTool load(Kind kind, Path toolsDir) throws IOException {
    Path listed = toolsDir.resolve(kind.file + ".classpath");
    if (!Files.isRegularFile(listed)) {
      throw new IllegalStateException("no " + listed + ": run.sh messaging resolves the tools"
          + " (or run it once without SKIP_BUILD=1)");
    }
    String classpath = Files.readString(listed).strip();
    return new MessagingTool(kind, versionOf(kind.artifactId, classpath), classpath);
  }

  /** The version in the artifact's jar name on the class path, e.g. kafka-tools-4.3.1.jar. */
  static String versionOf(String artifactId, String classpath) {
    Pattern jar = Pattern.compile("^" + Pattern.quote(artifactId) + "-(\\d[^/]*)\\.jar$");
    for (String entry : classpath.split(File.pathSeparator)) {
      Matcher matcher = jar.matcher(Path.of(entry).getFileName().toString());
      if (matcher.matches()) {
        return matcher.group(1);
      }
    }
    throw new IllegalStateException("no " + artifactId + " jar on its class path: " + classpath);
  }

  String coordinates() {
    String group = kind == Kind.PERF_TEST ? "com.rabbitmq" : "org.apache.kafka";
    return group + ":" + kind.artifactId + ":" + version;
  }
}
