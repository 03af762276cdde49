package dev.sightline.apps.threads;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Virtual threads (JDK 21+) through reflection, so the app compiles for and runs on JDK 17. */
final class VirtualThreads {

  private VirtualThreads() {}

  static boolean available() {
    return Runtime.version().feature() >= 21;
  }

  /** {@code Executors.newVirtualThreadPerTaskExecutor()}. */
  static ExecutorService newVirtualThreadPerTaskExecutor() throws ReflectiveOperationException {
    return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
  }

  /** {@code Thread.ofVirtual().name(name).start(task)}. */
  static Thread start(String name, Runnable task) throws ReflectiveOperationException {
    Class<?> builderType = Class.forName("java.lang.Thread$Builder");
    Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
    builder = builderType.getMethod("name", String.class).invoke(builder, name);
    Method start = builderType.getMethod("start", Runnable.class);
    return (Thread) start.invoke(builder, task);
  }

  static boolean isVirtual(Thread thread) {
    try {
      return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
