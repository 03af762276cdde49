package dev.sightline.instrumentation.servlet;

import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handlers;

/** The handlers of one copy of the {@code jakarta.servlet} API. */
final class JakartaHandlers extends ServletHandlers {

  JakartaHandlers(Telemetry telemetry) {
    super(telemetry, new JakartaApi(), Handlers.SERVLET_SERVICE);
  }
}
