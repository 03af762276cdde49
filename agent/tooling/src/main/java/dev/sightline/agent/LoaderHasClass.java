package dev.sightline.agent;

import dev.sightline.agent.isolation.BridgeVisibility;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The cheap first test of a transform: can this class loader see the instrumented library at
 * all? Answered once per loader by a resource lookup, so a library the application lacks
 * costs no type matching. A loader that does not see the agent's bridge gets no advice.
 */
final class LoaderHasClass extends ElementMatcher.Junction.AbstractBase<ClassLoader> {

  private final String resource;
  private final Map<ClassLoader, Boolean> answers = Collections.synchronizedMap(new WeakHashMap<>());

  LoaderHasClass(String className) {
    this.resource = className == null ? null : className.replace('.', '/') + ".class";
  }

  @Override
  public boolean matches(ClassLoader loader) {
    if (resource == null) {
      return BridgeVisibility.visibleFrom(loader);
    }
    if (loader == null) {
      return ClassLoader.getSystemClassLoader().getParent().getResource(resource) != null;
    }
    Boolean answer = answers.get(loader);
    if (answer == null) {
      answer = loader.getResource(resource) != null && BridgeVisibility.visibleFrom(loader);
      answers.put(loader, answer);
    }
    return answer;
  }
}
