package dev.sightline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Opens the packaged agent jar and checks what an application will get on its class path. */
class AgentJarIT {

  private static Path jar;

  @BeforeAll
  static void findJar() {
    String property = System.getProperty("sightline.agent.jar");
    assertNotNull(property, "sightline.agent.jar not set");
    jar = Paths.get(property);
    assertTrue(Files.isRegularFile(jar), "agent jar missing: " + jar);
  }

  @Test
  void everyClassIsOursOrRelocated() throws IOException {
    List<String> foreign = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
        String name = entries.nextElement().getName();
        if (name.endsWith(".class") && !name.startsWith("dev/sightline/")) {
          foreign.add(name);
        }
      }
    }
    assertTrue(foreign.isEmpty(), "unrelocated classes in the agent jar: " + foreign.subList(0, Math.min(20, foreign.size())));
  }

  @Test
  void serviceFilesNameOnlyRelocatedOrOwnTypes() throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        if (entry.getName().startsWith("META-INF/services/") && !entry.isDirectory()) {
          String service = entry.getName().substring("META-INF/services/".length());
          assertTrue(service.startsWith("dev.sightline."), "service file for a foreign type: " + service);
          String body = new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
          for (String line : body.split("\n")) {
            String provider = line.replaceAll("#.*", "").trim();
            assertTrue(provider.isEmpty() || provider.startsWith("dev.sightline."), service + " names " + provider);
          }
        }
      }
    }
  }

  @Test
  void manifestDeclaresTheAgent() throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Attributes main = file.getManifest().getMainAttributes();
      assertEquals("dev.sightline.agent.Premain", main.getValue("Premain-Class"));
      assertEquals("true", main.getValue("Can-Retransform-Classes"));
      assertNotNull(main.getValue("Implementation-Version"));
    }
  }

  /** java.util.logging.Logger would start the JDK LogManager in premain; the build relocates it. */
  @Test
  void noClassReferencesTheJulLogger() throws IOException {
    byte[] needle = "java/util/logging/Logger".getBytes(StandardCharsets.UTF_8);
    List<String> offenders = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        if (entry.getName().endsWith(".class")) {
          try (InputStream in = file.getInputStream(entry)) {
            if (contains(in.readAllBytes(), needle)) {
              offenders.add(entry.getName());
            }
          }
        }
      }
    }
    assertTrue(offenders.isEmpty(), "classes referencing java.util.logging.Logger: " + offenders);
  }

  @Test
  void bootstrapBridgeIsNestedAndJavaBaseOnly() throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      JarEntry nested = file.getJarEntry("sightline/bootstrap.jar.bin");
      assertNotNull(nested, "nested bootstrap jar missing");
      assertTrue(file.getJarEntry("dev/sightline/bootstrap/Handlers.class") == null, "bridge classes must not sit in the agent jar itself");
      byte[] bytes = file.getInputStream(nested).readAllBytes();
      int classes = 0;
      try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bytes))) {
        for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
          if (entry.getName().endsWith(".class")) {
            classes++;
            assertTrue(entry.getName().startsWith("dev/sightline/bootstrap/"), entry.getName());
          }
        }
      }
      assertTrue(classes > 0);
    }
  }

  @Test
  void jarStaysSmall() throws IOException {
    long size = Files.size(jar);
    // Half the OpenTelemetry Java agent's 25 MiB is the product's ceiling.
    assertTrue(size < 12L * 1024 * 1024, "agent jar is " + size + " bytes");
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
