package dev.sightline.instrumentation.javaconcurrent;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** An executor takes a task: it carries the caller's context (remembered, or wrapped). */
public final class SubmitAdvice {

  private SubmitAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object task) {
    task = Handlers.get(Handlers.CONCURRENT_SUBMIT).replaceArgument(null, task);
  }
}
