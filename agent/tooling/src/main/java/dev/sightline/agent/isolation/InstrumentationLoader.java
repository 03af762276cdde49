package dev.sightline.agent.isolation;

import dev.sightline.agent.spi.Library;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.ProtectionDomain;

/**
 * Where one instrumentation's handlers live for one copy of their library. It defines the
 * classes of the instrumentation's own package itself, from the agent jar, so they link
 * against the library copy it was made for; the agent's classes (tooling, the relocated
 * OpenTelemetry and Prometheus code, the bootstrap bridge) come from the agent's loader, so
 * handlers share one telemetry pipeline; everything else is asked of the library's loader.
 *
 * <p>Nothing in the agent holds one of these loaders strongly but the library copy itself (see
 * {@link LibraryBinder}): when the application drops the copy (a webapp is undeployed), its
 * handlers go with it.
 */
final class InstrumentationLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  /** The agent's own classes, shared by every handler: tooling, the bridge, relocated libraries. */
  private static final String[] AGENT_PACKAGES = {
    "dev.sightline.agent.", "dev.sightline.bootstrap.", "dev.sightline.shaded.", "java."
  };

  private final ClassLoader agentLoader;
  private final ClassLoader libraryLoader;
  private final String ownPackage;
  private final ProtectionDomain agentDomain;

  InstrumentationLoader(Library library, ClassLoader agentLoader, ClassLoader libraryLoader) {
    super("sightline-" + library.name() + "@" + describe(libraryLoader), null);
    this.agentLoader = agentLoader;
    this.libraryLoader = libraryLoader;
    this.ownPackage = library.handlersPackage();
    this.agentDomain = InstrumentationLoader.class.getProtectionDomain();
  }

  static String describe(ClassLoader loader) {
    if (loader == null) {
      return "boot";
    }
    String name = loader.getName();
    return (name != null ? name : loader.getClass().getName()) + "#" + Integer.toHexString(System.identityHashCode(loader));
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> type = findLoadedClass(name);
      if (type == null) {
        if (name.startsWith(ownPackage)) {
          type = defineOwn(name);
        } else if (isAgents(name)) {
          type = agentLoader.loadClass(name);
        } else if (libraryLoader != null) {
          type = libraryLoader.loadClass(name);
        } else {
          type = Class.forName(name, false, null);
        }
      }
      if (resolve) {
        resolveClass(type);
      }
      return type;
    }
  }

  private static boolean isAgents(String name) {
    for (String prefix : AGENT_PACKAGES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private Class<?> defineOwn(String name) throws ClassNotFoundException {
    try (InputStream in = agentLoader.getResourceAsStream(name.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      byte[] bytes = in.readAllBytes();
      return defineClass(name, bytes, 0, bytes.length, agentDomain);
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
  }

  @Override
  public URL getResource(String name) {
    URL url = libraryLoader != null ? libraryLoader.getResource(name) : null;
    return url != null ? url : agentLoader.getResource(name);
  }
}
