package dev.sightline.agent.isolation;

import dev.sightline.agent.spi.Library;
import dev.sightline.agent.spi.LibraryHandlers;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.AgentLog;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers the bridge's question "which handler serves this slot for this instrumented class":
 * the class's loader resolves the library's anchor class, which names the library copy; each
 * copy gets its handlers once, in an {@link InstrumentationLoader} of its own.
 *
 * <p>The handlers of a copy are kept in a {@link ClassValue} of the copy's anchor class, i.e.
 * inside the copy: the agent holds no reference to it, so it can be unloaded with its
 * application.
 */
public final class LibraryBinder implements Handlers.Binder {

  private static final LibraryHandlers NONE = slot -> null;

  private final List<List<Copies>> bySlot = new ArrayList<>();

  public LibraryBinder(Telemetry telemetry, List<Scoped> libraries) {
    ClassLoader agentLoader = LibraryBinder.class.getClassLoader();
    for (Scoped scoped : libraries) {
      Copies copies = new Copies(scoped.instrumentation, scoped.library, telemetry, agentLoader);
      for (int slot : scoped.library.slots()) {
        while (bySlot.size() <= slot) {
          bySlot.add(new ArrayList<>());
        }
        bySlot.get(slot).add(copies);
      }
    }
  }

  /** A library and the instrumentation that declared it. */
  public static final class Scoped {
    final String instrumentation;
    final Library library;

    public Scoped(String instrumentation, Library library) {
      this.instrumentation = instrumentation;
      this.library = library;
    }
  }

  @Override
  public Handler bind(int slot, Class<?> origin) {
    if (slot >= bySlot.size()) {
      return Handler.NOOP;
    }
    ClassLoader loader = origin.getClassLoader();
    List<Handler> seen = new ArrayList<>();
    for (Copies copies : bySlot.get(slot)) {
      Class<?> anchor = copies.anchorSeenFrom(loader);
      Handler handler = anchor == null ? null : copies.get(anchor).handler(slot);
      if (handler != null) {
        seen.add(handler);
      }
    }
    if (seen.isEmpty()) {
      return Handler.NOOP;
    }
    // A slot several libraries serve (Tomcat's valve: a jakarta or a javax request, and a class
    // path may hold both APIs) goes to the first handler that takes the call.
    return seen.size() == 1 ? seen.get(0) : new FirstTaker(seen.toArray(new Handler[0]));
  }

  /** The handlers of each copy of one library, keyed by the copy's anchor class. */
  private static final class Copies extends ClassValue<LibraryHandlers> {
    private final String instrumentation;
    private final Library library;
    private final Telemetry telemetry;
    private final ClassLoader agentLoader;

    Copies(String instrumentation, Library library, Telemetry telemetry, ClassLoader agentLoader) {
      this.instrumentation = instrumentation;
      this.library = library;
      this.telemetry = telemetry;
      this.agentLoader = agentLoader;
    }

    Class<?> anchorSeenFrom(ClassLoader loader) {
      try {
        return Class.forName(library.anchorClass(), false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        return null;
      }
    }

    private LibraryHandlers newHandlers(Class<?> type) throws ReflectiveOperationException {
      java.lang.reflect.Constructor<?> constructor = type.getDeclaredConstructor(Telemetry.class);
      constructor.setAccessible(true);
      return (LibraryHandlers) constructor.newInstance(telemetry);
    }

    @Override
    protected LibraryHandlers computeValue(Class<?> anchor) {
      ClassLoader libraryLoader = anchor.getClassLoader();
      try {
        InstrumentationLoader loader = new InstrumentationLoader(library, agentLoader, libraryLoader);
        Class<?> type = Class.forName(library.handlersClass(), true, loader);
        LibraryHandlers handlers = (LibraryHandlers) newHandlers(type);
        if (AgentLog.enabled(AgentLog.DEBUG)) {
          AgentLog.debug("instrumentation " + instrumentation + " bound to " + library + " in "
              + InstrumentationLoader.describe(libraryLoader));
        }
        return handlers;
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
        AgentLog.info("instrumentation " + instrumentation + " is off for " + library + " in "
            + InstrumentationLoader.describe(libraryLoader) + ": " + cause);
        return NONE;
      }
    }
  }
}
