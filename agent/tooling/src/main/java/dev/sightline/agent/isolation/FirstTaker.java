package dev.sightline.agent.isolation;

import dev.sightline.bootstrap.Handler;

/**
 * The handlers of one slot from several libraries a class sees: a call goes to the first whose
 * {@code enter} takes it (returns a state), and its exit and argument to that same handler.
 */
final class FirstTaker extends Handler {

  private final Handler[] handlers;

  FirstTaker(Handler[] handlers) {
    this.handlers = handlers;
  }

  /** The state of the handler that took the call. */
  private static final class Taken {
    final Handler handler;
    final Object state;

    Taken(Handler handler, Object state) {
      this.handler = handler;
      this.state = state;
    }
  }

  @Override
  public Object enter(Object target, Object argument) {
    for (Handler handler : handlers) {
      Object state = handler.enter(target, argument);
      if (state != null) {
        return new Taken(handler, state);
      }
    }
    return null;
  }

  @Override
  public Object argument(Object state, Object argument) {
    return state instanceof Taken ? ((Taken) state).handler.argument(((Taken) state).state, argument) : argument;
  }

  @Override
  public void exit(Object state, Object target, Object result, Throwable error) {
    if (state instanceof Taken) {
      ((Taken) state).handler.exit(((Taken) state).state, target, result, error);
    }
  }
}
