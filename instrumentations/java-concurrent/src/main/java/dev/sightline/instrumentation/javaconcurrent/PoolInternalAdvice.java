package dev.sightline.instrumentation.javaconcurrent;

import dev.sightline.bootstrap.CallDepth;
import net.bytebuddy.asm.Advice;

/**
 * {@code ThreadPoolExecutor.addWorker}: a worker thread started here serves every later task, so
 * it must not take the context of the task that happened to make the pool grow.
 */
public final class PoolInternalAdvice {

  private PoolInternalAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter() {
    CallDepth.enter(CallDepth.POOL_INTERNAL);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit() {
    CallDepth.exit(CallDepth.POOL_INTERNAL);
  }
}
