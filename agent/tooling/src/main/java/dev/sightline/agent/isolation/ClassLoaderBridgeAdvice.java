package dev.sightline.agent.isolation;

import net.bytebuddy.asm.Advice;

/**
 * Woven into {@code loadClass} of class loaders: a request for the agent's bootstrap bridge is
 * answered with the boot loader's classes before the loader's own rules run, so advice woven
 * into a module system's classes (an OSGi bundle, a JBoss module) that would not delegate the
 * package still finds it. Refers to nothing but {@code java.lang}, since it runs before the
 * bridge is known to be there.
 */
public final class ClassLoaderBridgeAdvice {

  private ClassLoaderBridgeAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static Class<?> enter(@Advice.Argument(0) String name) {
    if (name != null && name.startsWith("dev.sightline.bootstrap.")) {
      try {
        return Class.forName(name, false, null);
      } catch (ClassNotFoundException e) {
        return null;
      }
    }
    return null;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Class<?> bridge,
      @Advice.Return(readOnly = false) Class<?> result,
      @Advice.Thrown(readOnly = false) Throwable error) {
    if (bridge != null) {
      result = bridge;
      error = null;
    }
  }
}
