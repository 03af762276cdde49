package dev.sightline.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Defines classes in the boot class loader through {@code ClassLoader.defineClass1}, the JDK's
 * own native define call, which the agent may reach once {@code java.lang} is opened to the
 * agent's module only (no other module, and no system property or flag, changes).
 */
final class BootLoaderClasses {

  private BootLoaderClasses() {}

  static void define(Instrumentation instrumentation, Map<String, byte[]> classes) throws ReflectiveOperationException {
    Module javaBase = Object.class.getModule();
    instrumentation.redefineModule(
        javaBase,
        Collections.emptySet(),
        Collections.emptyMap(),
        Collections.singletonMap("java.lang", Collections.singleton(BootLoaderClasses.class.getModule())),
        Collections.emptySet(),
        Collections.emptyMap());
    Method defineClass1 =
        ClassLoader.class.getDeclaredMethod(
            "defineClass1", ClassLoader.class, String.class, byte[].class, int.class, int.class,
            ProtectionDomain.class, String.class);
    defineClass1.setAccessible(true);
    // A nested class names its outer class as a supertype or host: outer classes go first.
    List<String> names = new ArrayList<>(classes.keySet());
    names.sort((a, b) -> Integer.compare(a.split("\\$").length, b.split("\\$").length));
    for (String name : names) {
      byte[] bytes = classes.get(name);
      defineClass1.invoke(null, null, name, bytes, 0, bytes.length, null, null);
    }
  }

  /** The define call must not run twice for a class (an agent attached twice). */
  static boolean alreadyDefined(Set<String> names) {
    for (String name : names) {
      try {
        Class.forName(name, false, null);
        return true;
      } catch (ClassNotFoundException e) {
        // not yet
      }
    }
    return false;
  }
}
