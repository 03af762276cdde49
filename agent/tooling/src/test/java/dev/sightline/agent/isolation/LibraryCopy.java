package dev.sightline.agent.isolation;

import java.io.IOException;
import java.io.InputStream;

/**
 * A class loader holding its own copy of the classes of one package, read from the test class
 * path, as a webapp's loader or a Spring Boot jar's does; everything else comes from its parent.
 */
final class LibraryCopy extends ClassLoader {

  private final String packagePrefix;

  LibraryCopy(String packagePrefix) {
    super("copy-of-" + packagePrefix, LibraryCopy.class.getClassLoader());
    this.packagePrefix = packagePrefix;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      if (!name.startsWith(packagePrefix)) {
        return super.loadClass(name, resolve);
      }
      Class<?> type = findLoadedClass(name);
      if (type == null) {
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
          if (in == null) {
            throw new ClassNotFoundException(name);
          }
          byte[] bytes = in.readAllBytes();
          type = defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
          throw new ClassNotFoundException(name, e);
        }
      }
      return type;
    }
  }
}
