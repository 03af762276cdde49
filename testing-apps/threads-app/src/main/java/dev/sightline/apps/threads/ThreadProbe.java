package dev.sightline.apps.threads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Finds out, without any tracing API, whether a pooled thread still carries something of a task
 * (or a request) it ran: tasks note the threads they ran on ({@link #ran}); {@link #start()} then
 * makes one JDBC insert ({@code INSERT INTO thread_probe}) on every thread of every pool, each
 * submitted from a thread that has never served a request. With nothing left behind, every
 * insert is a trace of its own: a root span.
 *
 * <p>The submitting thread is started with the app and takes its orders through a
 * {@link BlockingQueue}, which carries no context. Each pool gets as many probe tasks as it has
 * threads, held at a barrier until all run, so each of its threads runs exactly one. The HTTP
 * server's own worker pool is probed too (its threads ran the requests): that is why a probe is
 * started by one request and read by another, once done.
 */
final class ThreadProbe {

  private static final long BARRIER_SECONDS = 20;

  /** A pool to probe: its size and how to submit to it. */
  record Target(int threads, Submitter submitter) {}

  interface Submitter {
    Future<String> submit(Callable<String> task);
  }

  private final Backends backends;
  private final Map<String, Target> pools = new LinkedHashMap<>();
  private final Map<String, Set<String>> ran = new ConcurrentHashMap<>();
  private final BlockingQueue<Runnable> orders = new LinkedBlockingQueue<>();
  private volatile Map<String, Object> report = Map.of("state", "not started");

  ThreadProbe(Backends backends) {
    this.backends = backends;
    Thread submitter = new Thread(this::serve, "thread-probe");
    submitter.setDaemon(true);
    submitter.start();
  }

  void add(String pool, ThreadPoolExecutor executor) {
    pools.put(pool, new Target(executor.getCorePoolSize(), task -> {
      executor.prestartAllCoreThreads();
      return executor.submit(task);
    }));
  }

  void add(String pool, ForkJoinPool forkJoinPool) {
    pools.put(pool, new Target(forkJoinPool.getParallelism(), forkJoinPool::submit));
  }

  /** Notes that a task of {@code pool} runs on the current thread. */
  void ran(String pool) {
    ran.computeIfAbsent(pool, key -> new ConcurrentSkipListSet<>()).add(Thread.currentThread().getName());
  }

  /** Starts a probe of every pool; {@link #report()} says when it is done. */
  void start() {
    report = Map.of("state", "running");
    orders.add(() -> {
      try {
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("state", "done");
        Map<String, Object> byPool = new LinkedHashMap<>();
        for (Map.Entry<String, Target> pool : pools.entrySet()) {
          byPool.put(pool.getKey(), probe(pool.getKey(), pool.getValue()));
        }
        done.put("pools", byPool);
        report = done;
      } catch (Throwable e) {
        report = Map.of("state", "failed", "error", String.valueOf(e));
      }
    });
  }

  Map<String, Object> report() {
    return report;
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

  private Map<String, Object> probe(String pool, Target target) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(target.threads());
    List<Future<String>> futures = new ArrayList<>();
    for (int i = 0; i < target.threads(); i++) {
      futures.add(target.submitter().submit(() -> {
        barrier.await(BARRIER_SECONDS, TimeUnit.SECONDS);
        backends.probeInsert(pool);
        return Thread.currentThread().getName();
      }));
    }
    Set<String> probed = new TreeSet<>();
    for (Future<String> future : futures) {
      probed.add(future.get(BARRIER_SECONDS + 5, TimeUnit.SECONDS));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ran", new TreeSet<>(ran.getOrDefault(pool, Set.of())));
    result.put("probed", probed);
    return result;
  }
}
