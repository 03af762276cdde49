package dev.sightline.agent.isolation.samplehandlers;

import dev.sightline.agent.spi.LibraryHandlers;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handler;
import sample.library.Greeter;

/** Handlers compiled against the sample library: they see whichever copy they were made for. */
final class GreeterHandlers implements LibraryHandlers {

  static final int SLOT = 60;

  private final Handler greet =
      new Handler() {
        @Override
        public Object enter(Object target, Object argument) {
          return Greeter.class;
        }
      };

  GreeterHandlers(Telemetry telemetry) {}

  @Override
  public Handler handler(int slot) {
    return slot == SLOT ? greet : null;
  }
}
