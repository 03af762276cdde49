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

  /** The call has returned {@code result} or thrown {@code error}. */
  public void exit(Object state, Object target, Object result, Throwable error) {}
}
