package dev.sightline.agent.isolation;

import dev.sightline.bootstrap.Handlers;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whether a class loader resolves the agent's bootstrap bridge to the boot loader's copy. Most
 * loaders delegate {@code dev.sightline.bootstrap} to their parents and do; a module system's
 * loader (OSGi bundles, JBoss Modules) may not, unless {@link ClassLoaderBridgeAdvice} taught it.
 * Advice is woven only where this holds, so it can never fail to find the bridge.
 */
public final class BridgeVisibility {

  private static final Map<ClassLoader, Boolean> ANSWERS = Collections.synchronizedMap(new WeakHashMap<>());

  private BridgeVisibility() {}

  public static boolean visibleFrom(ClassLoader loader) {
    if (loader == null) {
      return true;
    }
    Boolean answer = ANSWERS.get(loader);
    if (answer == null) {
      try {
        answer = loader.loadClass(Handlers.class.getName()) == Handlers.class;
      } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
        answer = false;
      }
      ANSWERS.put(loader, answer);
    }
    return answer;
  }
}
