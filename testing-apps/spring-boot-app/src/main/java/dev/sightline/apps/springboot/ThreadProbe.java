package dev.sightline.apps.springboot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Finds out, without any tracing API, whether a pooled thread still carries something of a task
 * it ran: the app's tasks note the threads they ran on ({@link #ran}), and {@link #probe()} then
 * makes one JDBC insert ({@code INSERT INTO thread_probe}) on every thread of every pool, each
 * submitted from a thread that has never served a request. With nothing left behind on those
 * threads, every such insert is a trace of its own: a root span.
 *
 * <p>The submitting thread is started with the application and takes its orders through a
 * {@link BlockingQueue}, which carries no context from the request that asks for a probe. Each
 * pool gets as many probe tasks as it has (core) threads, held at a barrier until all are running,
 * so each of its threads runs exactly one.
 */
@Component
public class ThreadProbe implements DisposableBean {

  /** Spring Boot's applicationTaskExecutor: {@code @Async} methods and MVC {@code Callable}s. */
  public static final String SPRING_TASK = "spring-task";
  /** {@link Workers#workers()}. */
  public static final String WORKERS = "workers";
  /** {@link Workers#bounded()}. */
  public static final String BOUNDED = "bounded";
  /** {@link ForkJoinPool#commonPool()}: parallel streams and {@code CompletableFuture}'s default. */
  public static final String COMMON = "common";

  private static final long BARRIER_SECONDS = 20;

  private final JdbcTemplate jdbc;
  private final ThreadPoolExecutor springTask;
  private final Workers workers;
  private final Map<String, Set<String>> ran = new ConcurrentHashMap<>();
  private final BlockingQueue<Runnable> orders = new LinkedBlockingQueue<>();
  private final Thread submitter;

  public ThreadProbe(JdbcTemplate jdbc, Workers workers,
      @Qualifier("applicationTaskExecutor") ThreadPoolTaskExecutor applicationTaskExecutor) {
    this.jdbc = jdbc;
    this.workers = workers;
    this.springTask = applicationTaskExecutor.getThreadPoolExecutor();
    this.submitter = new Thread(this::serve, "thread-probe");
    this.submitter.setDaemon(true);
    this.submitter.start();
  }

  /** Notes that a task of {@code pool} runs on the current thread. */
  public void ran(String pool) {
    ran.computeIfAbsent(pool, key -> new ConcurrentSkipListSet<>()).add(Thread.currentThread().getName());
  }

  /** As {@link #ran}, for the common pool, when the current thread is one of its workers. */
  public void ranIfCommonPool() {
    if (Thread.currentThread() instanceof ForkJoinWorkerThread worker && worker.getPool() == ForkJoinPool.commonPool()) {
      ran(COMMON);
    }
  }

  /**
   * Probes every pool; per pool, the threads its tasks ran on so far ({@code ran}) and the threads
   * the probe's inserts ran on ({@code probed}).
   */
  public Map<String, Object> probe() throws InterruptedException, ExecutionException, TimeoutException {
    CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
    orders.add(() -> {
      try {
        answer.complete(probeAll());
      } catch (Throwable e) {
        answer.completeExceptionally(e);
      }
    });
    return answer.get(2 * BARRIER_SECONDS + 10, TimeUnit.SECONDS);
  }

  private void serve() {
    while (true) {
      try {
        orders.take().run();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Map<String, Object> probeAll() throws Exception {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put(SPRING_TASK, probe(SPRING_TASK, springTask));
    report.put(WORKERS, probe(WORKERS, workers.workersPool()));
    report.put(BOUNDED, probe(BOUNDED, workers.bounded()));
    ForkJoinPool common = ForkJoinPool.commonPool();
    report.put(COMMON, probe(COMMON, common.getParallelism(), common::submit));
    return report;
  }

  private Map<String, Object> probe(String pool, ThreadPoolExecutor executor) throws Exception {
    executor.prestartAllCoreThreads();
    return probe(pool, executor.getCorePoolSize(), executor::submit);
  }

  private interface Submitter {
    Future<String> submit(Callable<String> task);
  }

  private Map<String, Object> probe(String pool, int threads, Submitter submitter) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(threads);
    List<Future<String>> futures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      futures.add(submitter.submit(() -> {
        barrier.await(BARRIER_SECONDS, TimeUnit.SECONDS);
        String thread = Thread.currentThread().getName();
        jdbc.update("INSERT INTO thread_probe (pool, thread_name) VALUES (?, ?)", pool, thread);
        return thread;
      }));
    }
    Set<String> probed = new TreeSet<>();
    for (Future<String> future : futures) {
      probed.add(future.get(BARRIER_SECONDS + 5, TimeUnit.SECONDS));
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("ran", new TreeSet<>(ran.getOrDefault(pool, Set.of())));
    report.put("probed", probed);
    return report;
  }

  @Override
  public void destroy() {
    submitter.interrupt();
  }
}
