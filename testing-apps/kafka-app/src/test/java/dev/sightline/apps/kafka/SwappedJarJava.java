package dev.sightline.apps.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A "Java home" whose {@code bin/java} runs the real JVM with one jar of the class path replaced
 * by another: the harness launches the app with its own runtime class path, and this runs the same
 * app against a different kafka-clients version.
 */
final class SwappedJarJava {

  private SwappedJarJava() {}

  static Path create(Path home, Path fromJar, Path toJar) throws IOException {
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path java = bin.resolve("java");
    String realJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(java, String.join("\n",
        "#!/bin/bash",
        "from='" + fromJar.toAbsolutePath() + "'",
        "to='" + toJar.toAbsolutePath() + "'",
        "args=()",
        "for arg in \"$@\"; do args+=(\"${arg//\"$from\"/\"$to\"}\"); done",
        "exec '" + realJava + "' \"${args[@]}\"",
        ""));
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }
}
