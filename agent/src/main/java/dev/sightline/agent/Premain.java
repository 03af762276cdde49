package dev.sightline.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

/**
 * The {@code -javaagent} entry point. It defines the nested bootstrap bridge in the boot class
 * loader first, and only then loads the rest of the agent, so the bridge classes are never
 * loaded twice. Nothing thrown here reaches the application: it starts without the agent.
 *
 * <p>The bridge is defined straight into the boot loader rather than appended to the boot class
 * path where the JVM allows it: an appended boot class path turns class-data sharing off for
 * every class outside the boot loader (slower start) and makes the JVM print a warning on the
 * application's stderr. (ByteBuddy's Unsafe injector would do too, but JDK 24+ warns about it.)
 */
public final class Premain {

  private static final String BOOTSTRAP_JAR = "/sightline/bootstrap.jar.bin";

  private Premain() {}

  public static void premain(String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation);
  }

  public static void agentmain(String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation);
  }

  private static void start(String agentArgs, Instrumentation instrumentation) {
    try {
      if (securityManagerInstalled()) {
        // Under a security manager every property read, thread and socket of the agent needs a
        // grant, and one refused halfway leaves part of it installed: the agent stays out whole.
        System.err.println("[sightline] WARN a SecurityManager is installed (-Djava.security.manager); Sightline does"
            + " not run under one and steps aside: the application runs uninstrumented");
        return;
      }
      defineBootstrapBridge(instrumentation);
      Class.forName("dev.sightline.agent.AgentInstaller")
          .getMethod("install", String.class, Instrumentation.class, String.class)
          .invoke(null, agentArgs, instrumentation, version());
    } catch (Throwable e) {
      report(e);
    }
  }

  @SuppressWarnings("removal") // the security manager is deprecated, and still there up to JDK 23
  private static boolean securityManagerInstalled() {
    return System.getSecurityManager() != null;
  }

  /** An exception out of premain would abort the JVM: not even the report may throw. */
  private static void report(Throwable e) {
    try {
      Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
      System.err.println("[sightline] ERROR the agent could not start; the application runs without it: " + cause);
      if (Boolean.getBoolean("sightline.debug.startup")) {
        cause.printStackTrace();
      }
    } catch (Throwable ignored) {
      // stderr closed, or a property read refused: nothing else can be told
    }
  }

  static String version() {
    String version = Premain.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  private static void defineBootstrapBridge(Instrumentation instrumentation) throws Exception {
    byte[] jar = nestedJar();
    Map<String, byte[]> classes = classesIn(jar);
    if (BootLoaderClasses.alreadyDefined(classes.keySet())) {
      return;
    }
    try {
      BootLoaderClasses.define(instrumentation, classes);
    } catch (ReflectiveOperationException | RuntimeException e) {
      instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(extract(jar).toFile()));
    }
  }

  private static byte[] nestedJar() throws IOException {
    try (InputStream in = Premain.class.getResourceAsStream(BOOTSTRAP_JAR)) {
      if (in == null) {
        throw new IOException("agent jar lacks " + BOOTSTRAP_JAR);
      }
      return in.readAllBytes();
    }
  }

  private static Map<String, byte[]> classesIn(byte[] jar) throws IOException {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
      for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
        String name = entry.getName();
        if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
          classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
        }
      }
    }
    return classes;
  }

  /** Writes the nested jar once per content under java.io.tmpdir and reuses it afterwards. */
  private static Path extract(byte[] bytes) throws IOException, NoSuchAlgorithmException {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      hex.append(String.format("%02x", digest[i]));
    }
    Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "sightline-" + System.getProperty("user.name", "user"));
    Path target = dir.resolve("bootstrap-" + hex + ".jar");
    if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
      return target;
    }
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "bootstrap-", ".tmp");
    Files.write(temp, bytes);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      return temp;
    }
    return target;
  }
}
