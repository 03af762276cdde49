package dev.sightline.instrumentation.javaconcurrent;

import dev.sightline.agent.telemetry.WeakIdentityMap;
import dev.sightline.bootstrap.CallDepth;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.OpenScopes;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.FutureTask;

/**
 * Hands the submitting thread's context to the thread that runs the task. Tasks the JDK itself
 * runs through a woven method ({@code FutureTask.run}, {@code ForkJoinTask.doExec}, the
 * CompletableFuture tasks, {@code Thread.run}) are remembered by identity until they run, so
 * the application's objects stay what they were; any other Runnable or Callable (a lambda) is
 * wrapped. Nothing at all happens when no context is current, and a context is only ever made
 * current for the one task, so a pooled thread never carries it into the next.
 */
final class ContextHandoff {

  private final WeakIdentityMap<Object, Context> pending = new WeakIdentityMap<>();

  /** {@code enter(taskOrThread, null)} remembers; {@code argument(null, task)} remembers or wraps. */
  final Handler submit =
      new Handler() {
        @Override
        public Object enter(Object taskOrThread, Object unused) {
          Context context = submitted();
          if (context != null && taskOrThread != null && !isInfrastructure(taskOrThread)) {
            pending.put(taskOrThread, context);
          }
          return null;
        }

        @Override
        public Object argument(Object unused, Object task) {
          Context context = submitted();
          if (context == null || task == null || task instanceof ContextTask) {
            return task;
          }
          if (task instanceof FutureTask || task instanceof ForkJoinTask) {
            pending.put(task, context);
            return task;
          }
          if (task instanceof Runnable) {
            return new ContextTask.OfRunnable(context, (Runnable) task);
          }
          if (task instanceof Callable) {
            return new ContextTask.OfCallable<>(context, (Callable<?>) task);
          }
          return task;
        }
      };

  /**
   * {@code enter(taskOrThread, null)} makes its context current; {@code exit(scope, ...)}, called
   * after every run, ends what the run left open and leaves the context.
   */
  final Handler run =
      new Handler() {
        @Override
        public Object enter(Object taskOrThread, Object unused) {
          Context context = taskOrThread == null ? null : pending.remove(taskOrThread);
          Scope scope = context == null ? null : context.makeCurrent();
          Runnable openBefore = OpenScopes.current();
          if (openBefore == null) {
            return scope;
          }
          return scope == null ? openBefore : new RunState(scope, openBefore);
        }

        @Override
        public void exit(Object state, Object target, Object result, Throwable error) {
          Scope scope = state instanceof RunState ? ((RunState) state).scope : state instanceof Scope ? (Scope) state : null;
          Runnable openBefore =
              state instanceof RunState ? ((RunState) state).openBefore : state instanceof Runnable ? (Runnable) state : null;
          // What the task left open (a Kafka record it stopped iterating at) ends with the task,
          // before the task's own context is left: scopes close in the order they opened.
          OpenScopes.closeOpenedSince(openBefore);
          if (scope != null) {
            scope.close();
          }
        }
      };

  /**
   * Threads that serve everyone for as long as they live (pool workers, the JDK's own selector and
   * cleaner threads) must not keep the context of the request that happened to start them.
   */
  private static boolean isInfrastructure(Object taskOrThread) {
    if (taskOrThread instanceof ForkJoinWorkerThread) {
      return true;
    }
    String type = taskOrThread.getClass().getName();
    return taskOrThread instanceof Thread && (type.startsWith("jdk.") || type.startsWith("sun."));
  }

  /** A run that made a context current while something was already open on its thread. */
  private static final class RunState {
    final Scope scope;
    final Runnable openBefore;

    RunState(Scope scope, Runnable openBefore) {
      this.scope = scope;
      this.openBefore = openBefore;
    }
  }

  /** The context to hand over, or null when there is none worth carrying. */
  private static Context submitted() {
    if (CallDepth.suppressed() || CallDepth.inside(CallDepth.POOL_INTERNAL)) {
      return null;
    }
    Context context = Context.current();
    return context == Context.root() ? null : context;
  }
}
