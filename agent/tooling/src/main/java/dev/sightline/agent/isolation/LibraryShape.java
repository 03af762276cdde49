package dev.sightline.agent.isolation;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.sightline.agent.spi.Library;
import dev.sightline.bootstrap.AgentLog;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * The class-loader test of a library's transforms: the loader sees the library, in the shape
 * the handlers were written for (every class and method they name), and sees the agent's
 * bridge. Answered once per loader from class files (nothing of the application is loaded);
 * a loader that has the library in another shape gets one INFO line naming what is missing,
 * and the library's classes there are left as they are.
 */
public final class LibraryShape extends ElementMatcher.Junction.AbstractBase<ClassLoader> {

  private final String instrumentation;
  private final Library library;
  private final String anchorResource;
  private final Map<ClassLoader, Boolean> answers = Collections.synchronizedMap(new WeakHashMap<>());
  private volatile Boolean bootAnswer;

  public LibraryShape(String instrumentation, Library library) {
    this.instrumentation = instrumentation;
    this.library = library;
    this.anchorResource = library.anchorClass().replace('.', '/') + ".class";
  }

  @Override
  public boolean matches(ClassLoader loader) {
    Boolean answer = loader == null ? bootAnswer : answers.get(loader);
    if (answer == null) {
      answer = decide(loader);
      if (loader == null) {
        bootAnswer = answer;
      } else {
        answers.put(loader, answer);
      }
    }
    return answer;
  }

  private boolean decide(ClassLoader loader) {
    ClassLoader lookup = loader != null ? loader : ClassLoader.getPlatformClassLoader();
    if (lookup.getResource(anchorResource) == null) {
      return false;
    }
    if (!BridgeVisibility.visibleFrom(loader)) {
      AgentLog.info("instrumentation " + instrumentation + " is off in " + InstrumentationLoader.describe(loader)
          + ": that class loader does not see the agent's dev.sightline.bootstrap classes");
      return false;
    }
    Library.Member missing = missingMember(library, loader);
    if (missing != null) {
      AgentLog.info("instrumentation " + instrumentation + " is off in " + InstrumentationLoader.describe(loader)
          + ": its " + library + " lacks " + missing + " (a version the instrumentation does not support)");
      return false;
    }
    return true;
  }

  /** The first class or method the handlers need that the loader's copy lacks, or null. */
  static Library.Member missingMember(Library library, ClassLoader loader) {
    ClassFileLocator locator =
        loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader);
    TypePool pool = TypePool.Default.WithLazyResolution.of(locator);
    try {
      for (Library.Member member : library.required()) {
        TypePool.Resolution resolution = pool.describe(member.className);
        if (!resolution.isResolved()) {
          return member;
        }
        if (member.methodName != null && !hasMethod(resolution.resolve(), member.methodName)) {
          return member;
        }
      }
      return null;
    } catch (RuntimeException e) {
      // An unreadable class file counts as a missing member: the library is left alone.
      return library.required().isEmpty() ? null : library.required().get(0);
    } finally {
      pool.clear();
    }
  }

  private static boolean hasMethod(TypeDefinition type, String name) {
    if (type == null || type.getTypeName().startsWith("java.")) {
      return false;
    }
    TypeDescription erasure = type.asErasure();
    if (!erasure.getDeclaredMethods().filter(named(name)).isEmpty()) {
      return true;
    }
    if (hasMethod(erasure.getSuperClass(), name)) {
      return true;
    }
    for (TypeDescription.Generic implemented : erasure.getInterfaces()) {
      if (hasMethod(implemented, name)) {
        return true;
      }
    }
    return false;
  }
}
