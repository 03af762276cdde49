package dev.sightline.instrumentation.servlet;

import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handlers;

/** The handlers of one copy of the {@code javax.servlet} API. */
final class JavaxHandlers extends ServletHandlers {

  JavaxHandlers(Telemetry telemetry) {
    super(telemetry, new JavaxApi(), Handlers.SERVLET_JAVAX_SERVICE);
  }
}
