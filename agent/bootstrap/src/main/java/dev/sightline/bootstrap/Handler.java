package dev.sightline.bootstrap;

/**
 * What advice hands a call to. Arguments are JDK types or {@code Object}; the agent-side
 * implementation is registered in {@link Handlers} at install and does the real work, so
 * the advice inlined into application and JDK classes stays a few lines long.
 *
 * <p>Every method must be safe to call with nulls: advice passes what it has.
 */
public abstract class Handler {

  public static final Handler NOOP = new Handler() {};

  /** A call is starting; returns the state for {@link #exit}, or null when not traced. */
  public Object enter(Object target, Object argument) {
    return null;
  }

  /** Lets the handler replace an argument (a request carrying trace headers); default keeps it. */
  public Object argument(Object state, Object argument) {
    return argument;
  }

  /**
   * What advice calls to swap an argument: a failure inside {@link #argument} leaves the
   * application's argument as it was and is reported, so the advice goes on and the state that
   * {@link #enter} returned (a started span) still reaches {@link #exit}, never lost.
   */
  public final Object replaceArgument(Object state, Object argument) {
    try {
      return argument(state, argument);
    } catch (Throwable failure) {
      AdviceErrors.report(failure);
      return argument;
    }
  }

  /** The call has returned {@code result} or thrown {@code error}. */
  public void exit(Object state, Object target, Object result, Throwable error) {}
}
