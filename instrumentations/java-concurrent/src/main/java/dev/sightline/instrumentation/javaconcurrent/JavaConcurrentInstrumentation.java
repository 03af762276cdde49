package dev.sightline.instrumentation.javaconcurrent;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.TypeTransform;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.bootstrap.Handlers;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Context across threads: what an executor, the fork/join pool, a CompletableFuture stage or a
 * new thread (platform or virtual) runs for a caller sees the caller's context, so the spans it
 * makes belong to the caller's trace. No span per task: only the context travels.
 *
 * <p>Submission points are the JDK's: {@code ThreadPoolExecutor.execute} (every {@code submit},
 * {@code invokeAll}/{@code invokeAny} of it, Spring's task executors), the scheduled pool's
 * one-shot {@code schedule} (periodic tasks outlive any request and are left alone), the
 * fork/join pool's {@code execute}/{@code submit}/{@code invoke} and {@code ForkJoinTask.fork} (parallel
 * streams, {@code CompletableFuture}'s default pool) and {@code Thread.start}.
 */
public final class JavaConcurrentInstrumentation implements InstrumentationModule {

  private static final String TPE = "java.util.concurrent.ThreadPoolExecutor";
  private static final String STPE = "java.util.concurrent.ScheduledThreadPoolExecutor";
  private static final String FJP = "java.util.concurrent.ForkJoinPool";
  private static final String FJT = "java.util.concurrent.ForkJoinTask";
  private static final String CF = "java.util.concurrent.CompletableFuture";

  @Override
  public String name() {
    return "java-concurrent";
  }

  /** Contexts exist only once requests are traced: the start-up path need not wait for this weaving. */
  @Override
  public boolean weavesLoadedJdkClassesInBackground() {
    return true;
  }

  @Override
  public void registerHandlers(Telemetry telemetry) {
    ContextHandoff handoff = new ContextHandoff();
    Handlers.register(Handlers.CONCURRENT_SUBMIT, handoff.submit);
    Handlers.register(Handlers.CONCURRENT_RUN, handoff.run);
  }

  @Override
  public List<TypeTransform> transforms() {
    String submit = SubmitAdvice.class.getName();
    String capture = CaptureAdvice.class.getName();
    String run = RunAdvice.class.getName();
    ElementMatcher.Junction<MethodDescription> runMethod = named("run").and(takesArguments(0)).and(not(isAbstract()));
    return Arrays.asList(
        TypeTransform.forType(TPE)
            .advise(named("execute").and(takesArguments(Runnable.class)), submit)
            .advise(named("addWorker").and(takesArguments(2)), PoolInternalAdvice.class.getName()),
        TypeTransform.forType(STPE)
            .advise(named("schedule").and(takesArguments(3)).and(takesArgument(1, long.class)), submit),
        // invoke(task) from outside the pool runs the task on a worker, like submit.
        TypeTransform.forType(FJP)
            .advise(named("execute").or(named("submit")).or(named("invoke")).and(takesArguments(1)), submit),
        TypeTransform.forType(FJT)
            .advise(named("fork").and(takesArguments(0)), capture)
            .advise(named("doExec").and(takesArguments(0)), run),
        TypeTransform.forType("java.util.concurrent.FutureTask").advise(runMethod, run),
        TypeTransform.forType(CF + "$AsyncSupply").advise(runMethod, run),
        TypeTransform.forType(CF + "$AsyncRun").advise(runMethod, run),
        TypeTransform.forType(CF + "$Completion").advise(runMethod, run),
        // JDK 21+: start() hands over to start(ThreadContainer), which virtual threads override.
        TypeTransform.forType("java.lang.Thread")
            .advise(named("start").and(takesArguments(0)), capture)
            .advise(named("start").and(takesArguments(1)), capture)
            .advise(runMethod, run),
        TypeTransform.forType("java.lang.VirtualThread")
            .advise(named("start").and(takesArguments(1)), capture)
            .advise(named("run").and(takesArguments(Runnable.class)), run),
        // The application's own Thread subclasses run their code in their own run().
        TypeTransform.forTypes(not(nameStartsWith("java.")).and(hasSuperClass(named("java.lang.Thread"))))
            .advise(runMethod, run));
  }
}
