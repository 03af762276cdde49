package dev.sightline.agent.spi;

import dev.sightline.bootstrap.Handler;

/**
 * The handlers of one instrumentation for one copy of its library, created in a class loader
 * that sees that copy (see {@link Library}). Implementations keep the state their handlers
 * share (tracers, per-client facts) for that copy only.
 */
public interface LibraryHandlers {

  /** The handler behind {@code slot}, or null when this library does not serve it. */
  Handler handler(int slot);
}
