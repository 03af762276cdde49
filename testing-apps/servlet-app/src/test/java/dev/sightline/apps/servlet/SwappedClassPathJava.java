package dev.sightline.apps.servlet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A "Java home" whose {@code bin/java} runs the real JVM with some entries of its {@code -cp}
 * replaced or dropped: the harness launches the app with the module's own runtime class path, and
 * this runs the same app against other jars (Tomcat 9 in place of Tomcat 11). The class path the
 * JVM really gets is printed first, so the app's log shows it.
 */
final class SwappedClassPathJava {

  private SwappedClassPathJava() {}

  /**
   * {@code swaps} maps a class path entry, as the harness passes it, to its replacement, or to
   * {@code null} to drop it.
   */
  static Path create(Path home, Map<Path, Path> swaps) throws IOException {
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path java = bin.resolve("java");
    String realJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> table = new ArrayList<>();
    swaps.forEach((from, to) -> table.add("  [" + quote(from.toAbsolutePath().toString()) + "]="
        + (to == null ? "''" : quote(to.toAbsolutePath().toString()))));
    Files.writeString(java, String.join("\n",
        "#!/bin/bash",
        "declare -A swap=(",
        String.join("\n", table),
        ")",
        "args=()",
        "classpath_next=0",
        "for arg in \"$@\"; do",
        "  if [ \"$classpath_next\" = 1 ]; then",
        "    IFS=: read -ra entries <<< \"$arg\"",
        "    kept=()",
        "    for entry in \"${entries[@]}\"; do",
        "      if [[ -v swap[\"$entry\"] ]]; then",
        "        if [ -n \"${swap[\"$entry\"]}\" ]; then kept+=(\"${swap[\"$entry\"]}\"); fi",
        "      else",
        "        kept+=(\"$entry\")",
        "      fi",
        "    done",
        "    arg=$(IFS=:; echo \"${kept[*]}\")",
        "    echo \"[swapped class path] $arg\"",
        "    classpath_next=0",
        "  elif [ \"$arg\" = -cp ] || [ \"$arg\" = -classpath ] || [ \"$arg\" = --class-path ]; then",
        "    classpath_next=1",
        "  fi",
        "  args+=(\"$arg\")",
        "done",
        "exec " + quote(realJava) + " \"${args[@]}\"",
        ""));
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  private static String quote(String text) {
    if (text.contains("'")) {
      throw new IllegalArgumentException("A quote in a path: " + text);
    }
    return "'" + text + "'";
  }
}
