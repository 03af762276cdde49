package dev.sightline.agent.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.agent.config.LogCapture;
import dev.sightline.bootstrap.Handler;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyHandlerTest {

  @Test
  void createsTheHandlerOnceAtFirstUse() {
    AtomicInteger created = new AtomicInteger();
    Handler lazy =
        LazyHandler.of(
            "test",
            () -> {
              created.incrementAndGet();
              return new Handler() {
                @Override
                public Object enter(Object target, Object argument) {
                  return "state";
                }
              };
            });
    assertEquals(0, created.get());
    assertEquals("state", lazy.enter(null, null));
    assertEquals("state", lazy.enter(null, null));
    assertEquals(1, created.get());
  }

  @Test
  void aHandlerThatCannotLoadBecomesANoOp() {
    Handler lazy =
        LazyHandler.of(
            "missing-library",
            () -> {
              throw new NoClassDefFoundError("org/example/Missing");
            });
    String log = LogCapture.stderr(() -> assertNull(lazy.enter(null, null)));
    assertTrue(log.contains("instrumentation missing-library could not start"), log);
    assertEquals("x", lazy.argument(null, "x"));
  }
}
