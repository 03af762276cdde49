package dev.sightline.apps.servlet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.TestApp;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The servlet app on embedded Tomcat 9 (javax.servlet 4). The module compiles against Tomcat 11,
 * whose classes have the same names, so each instance runs the module's own class path with
 * tomcat-embed-core and tomcat-annotations-api 11 replaced by the 9 ones Maven copies to
 * target/tomcat-9, and Jetty's javax.servlet-api dropped: javax.servlet is Tomcat 9's own. The
 * rest of the class path, jakarta.servlet-api 6.1 included, stays as it is: the same app, only on
 * another Tomcat (and an application's class path may well see both servlet APIs).
 */
class Tomcat9Test extends ServletContainerContract {

  static final String TOMCAT_9 = "9.0.112";
  private static final Path JARS = Path.of("target", "tomcat-9");

  private Path javaHome;

  Tomcat9Test() {
    super("tomcat9");
  }

  @Override
  void configure(TestApp.Builder builder) {
    builder.javaHome(javaHome());
  }

  @Override
  void started(TestApp app) {
    String tomcatJar = "tomcat-embed-core-" + TOMCAT_9 + ".jar";
    String line = app.log().lines()
        .filter(logged -> logged.startsWith("servlet-app on tomcat9 runs"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no server info in " + app.logFile()));
    assertTrue(line.contains("Apache Tomcat/" + TOMCAT_9 + " "), line);
    assertTrue(line.contains("org.apache.catalina from file:") && line.contains("javax.servlet from file:"), line);
    assertTrue(Arrays.stream(line.split(", |\\(|\\)"))
        .filter(part -> part.contains(" from "))
        .allMatch(part -> part.endsWith("/" + tomcatJar)), line);
  }

  private synchronized Path javaHome() {
    if (javaHome == null) {
      List<Path> classpath = runtimeClasspath();
      Map<Path, Path> swaps = new LinkedHashMap<>();
      swaps.put(entry(classpath, "tomcat-embed-core-"), jar("tomcat-embed-core-" + TOMCAT_9 + ".jar"));
      swaps.put(entry(classpath, "tomcat-annotations-api-"), jar("tomcat-annotations-api-" + TOMCAT_9 + ".jar"));
      swaps.put(entry(classpath, "jetty-servlet-api-"), null);
      try {
        javaHome = SwappedClassPathJava.create(Path.of("target", "tomcat9-java"), swaps);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return javaHome;
  }

  private static List<Path> runtimeClasspath() {
    try {
      return Arrays.stream(Files.readString(Path.of("target", "runtime.classpath")).strip().split(File.pathSeparator))
          .map(Path::of)
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one runtime class path entry whose file name starts with {@code prefix}. */
  private static Path entry(List<Path> classpath, String prefix) {
    List<Path> found = classpath.stream()
        .filter(path -> path.getFileName().toString().startsWith(prefix))
        .collect(Collectors.toList());
    if (found.size() != 1) {
      throw new IllegalStateException("expected one " + prefix + "* on the runtime class path: " + found);
    }
    return found.get(0);
  }

  private static Path jar(String name) {
    Path jar = JARS.resolve(name);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing; Maven copies it (generate-test-resources)");
    }
    return jar;
  }
}
