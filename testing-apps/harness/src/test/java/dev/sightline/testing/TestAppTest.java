package dev.sightline.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

class TestAppTest {

  private static TestApp.Builder sample() {
    return TestApp.builder(SampleMain.class.getName())
        .withoutAgent()
        .classpathEntry(Path.of("target", "test-classes"));
  }

  @Test
  void capturesOutputAndStops() throws Exception {
    try (TestApp app = sample()
        .args("one", "two")
        .sysprop("sample.prop", "p")
        .env("SAMPLE_ENV", "e")
        .start()) {
      app.awaitLog("ready", Duration.ofSeconds(20));
      String log = app.log();
      assertTrue(log.contains("args=one,two"), log);
      assertTrue(log.contains("sysprop=p"), log);
      assertTrue(log.contains("env=e"), log);
      assertTrue(log.contains("on stderr"), log);
      assertTrue(app.isAlive());
      assertTrue(app.command().contains("-D" + TestApp.ENDPOINT_PORT_PROPERTY + "="
          + app.endpointPort()));
      assertEquals("http://127.0.0.1:" + app.endpointPort() + "/metrics",
          app.endpointUrl("metrics"));

      assertEquals(143, app.stop(), "SIGTERM exit code");
      assertFalse(app.isAlive());
      assertTrue(app.logFile().getFileName().toString().startsWith("sample-main-"));
      assertTrue(Files.readString(app.logFile()).contains("ready"));
    }
  }

  @Test
  void startsAnExecutableJar() throws Exception {
    Path jar = executableJar(Path.of("target", "sample-app.jar"));
    try (TestApp app = TestApp.jar(jar)
        .withoutAgent()
        .jvmArg("-Xmx64m")
        .args("one", "two")
        .sysprop("sample.prop", "p")
        .start()) {
      app.awaitLog("ready", Duration.ofSeconds(20));
      assertTrue(app.log().contains("args=one,two"), app.log());
      assertTrue(app.log().contains("sysprop=p"), app.log());
      int jarFlag = app.command().indexOf("-jar");
      assertTrue(jarFlag > 0, app.command().toString());
      assertEquals(jar.toAbsolutePath().toString(), app.command().get(jarFlag + 1));
      assertEquals(List.of("one", "two"), app.command().subList(jarFlag + 2, app.command().size()));
      assertTrue(app.command().indexOf("-Xmx64m") < app.command().indexOf("-Dsample.prop=p"),
          "JVM options, then properties, then -jar: " + app.command());
      assertFalse(app.command().contains("-cp"), app.command().toString());
      assertTrue(app.logFile().getFileName().toString().startsWith("sample-app-"));
      assertEquals(143, app.stop());
    }
    assertThrows(IllegalStateException.class,
        () -> TestApp.jar(jar).classpathEntry(Path.of("target", "classes")));
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> TestApp.jar(Path.of("target", "no-such.jar")).withoutAgent().start());
    assertTrue(missing.getMessage().contains("no-such.jar"), missing.getMessage());
  }

  /** A jar holding SampleMain, with it as Main-Class. */
  private static Path executableJar(Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, SampleMain.class.getName());
    String entry = SampleMain.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(Files.readAllBytes(Path.of("target", "test-classes").resolve(entry)));
      out.closeEntry();
    }
    return jar;
  }

  @Test
  void failsEarlyWithTheLogWhenTheAppExits() {
    try (TestApp app = sample().args("exit=3").start()) {
      AssertionError error = assertThrows(AssertionError.class,
          () -> app.awaitLog("never printed", Duration.ofSeconds(20)));
      assertTrue(error.getMessage().contains("exited with code 3"), error.getMessage());
      assertTrue(error.getMessage().contains("args=exit=3"), error.getMessage());
      assertEquals(3, app.stop());
    }
  }

  @Test
  void explainsAMissingAgentJar() {
    String saved = System.getProperty(TestApp.AGENT_JAR_PROPERTY);
    try {
      System.setProperty(TestApp.AGENT_JAR_PROPERTY, "target/does-not-exist.jar");
      IllegalStateException missingFile = assertThrows(IllegalStateException.class,
          () -> TestApp.builder(SampleMain.class.getName()).start());
      assertTrue(missingFile.getMessage().contains("does-not-exist.jar"));

      System.clearProperty(TestApp.AGENT_JAR_PROPERTY);
      IllegalStateException unset = assertThrows(IllegalStateException.class,
          () -> TestApp.builder(SampleMain.class.getName()).start());
      assertTrue(unset.getMessage().contains(TestApp.AGENT_JAR_PROPERTY));
    } finally {
      if (saved != null) {
        System.setProperty(TestApp.AGENT_JAR_PROPERTY, saved);
      }
    }
  }

  @Test
  void findsFreePorts() {
    int port = TestApp.freePort();
    assertTrue(port > 0 && port < 65536);
  }
}
