package dev.sightline.agent.spi;

import dev.sightline.agent.telemetry.Telemetry;
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

  /** Registers this library's handlers in the bootstrap bridge; called before any weaving. */
  void registerHandlers(Telemetry telemetry);

  /** The classes to weave and the advice each method gets. */
  List<TypeTransform> transforms();
}
