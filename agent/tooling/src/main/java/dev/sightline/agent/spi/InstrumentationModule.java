package dev.sightline.agent.spi;

import dev.sightline.agent.telemetry.Telemetry;
import java.util.Collections;
import java.util.List;

/**
 * One instrumented library. Found with {@link java.util.ServiceLoader}; its {@link #name()} is
 * its folder under {@code instrumentations/} and its switch,
 * {@code sightline.instrumentation.<name>.enabled}.
 */
public interface InstrumentationModule {

  String name();

  default boolean enabledByDefault() {
    return true;
  }

  /**
   * Registers the handlers that touch only JDK types in the bootstrap bridge; called before any
   * weaving. Handlers compiled against a library are declared by {@link #libraries()} instead.
   */
  default void registerHandlers(Telemetry telemetry) {}

  /** The libraries whose handlers are created per copy of the library; empty for JDK-only ones. */
  default List<Library> libraries() {
    return Collections.emptyList();
  }

  /**
   * True when JDK classes this module weaves that are already loaded at start-up may be woven
   * on a background thread just after it rather than before {@code main} runs: worth it for big
   * classes that only matter once a request is traced (the thread and pool classes).
   */
  default boolean weavesLoadedJdkClassesInBackground() {
    return false;
  }

  /** The classes to weave and the advice each method gets. */
  List<TypeTransform> transforms();
}
