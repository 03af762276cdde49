package dev.sightline.agent;

import dev.sightline.agent.config.AgentConfig;
import dev.sightline.bootstrap.AgentLog;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;

/**
 * A test-only switch, {@value #SETTING}{@code =true}: every handler behind every piece of advice
 * throws, so the tests can show that nothing the agent does wrong ever reaches the application. The
 * advice's exception handler counts each failure in {@code sightline_instrumentation_errors_total},
 * which proves the handlers were really called.
 */
final class FailingHandlers {

  static final String SETTING = "sightline.test.handlers-fail";

  private FailingHandlers() {}

  static void installIfAsked(AgentConfig config) {
    if (!config.getBoolean(SETTING, false)) {
      return;
    }
    Handler failing = new Handler() {
      @Override
      public Object enter(Object target, Object argument) {
        throw fail("enter");
      }

      @Override
      public Object argument(Object state, Object argument) {
        throw fail("argument");
      }

      @Override
      public void exit(Object state, Object target, Object result, Throwable error) {
        throw fail("exit");
      }
    };
    for (int slot = 0; slot < Handlers.SLOTS; slot++) {
      Handlers.register(slot, failing);
    }
    Handlers.setBinder((slot, origin) -> failing);
    AgentLog.warn(SETTING + "=true: every instrumentation handler throws, to test that the application never sees it;"
        + " a test setting, never for production");
  }

  private static RuntimeException fail(String step) {
    return new IllegalStateException(SETTING + ": a handler failing on purpose in " + step);
  }
}
