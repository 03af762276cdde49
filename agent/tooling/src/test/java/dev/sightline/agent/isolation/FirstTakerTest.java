package dev.sightline.agent.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sightline.bootstrap.Handler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirstTakerTest {

  private final List<String> exits = new ArrayList<>();

  /** Takes only requests of its own kind, as a jakarta or javax handler does. */
  private Handler handlerFor(String kind) {
    return new Handler() {
      @Override
      public Object enter(Object request, Object response) {
        return kind.equals(request) ? kind + "-state" : null;
      }

      @Override
      public void exit(Object state, Object request, Object response, Throwable error) {
        exits.add(String.valueOf(state));
      }
    };
  }

  @Test
  void theHandlerThatTakesTheCallAlsoEndsIt() {
    FirstTaker either = new FirstTaker(new Handler[] {handlerFor("jakarta"), handlerFor("javax")});

    either.exit(either.enter("javax", null), "javax", null, null);
    either.exit(either.enter("jakarta", null), "jakarta", null, null);

    assertEquals(List.of("javax-state", "jakarta-state"), exits);
  }

  @Test
  void aCallNoHandlerTakesIsLeftAlone() {
    FirstTaker either = new FirstTaker(new Handler[] {handlerFor("jakarta"), handlerFor("javax")});

    Object state = either.enter("other", null);
    either.exit(state, "other", null, null);

    assertNull(state);
    assertEquals(List.of(), exits);
  }
}
