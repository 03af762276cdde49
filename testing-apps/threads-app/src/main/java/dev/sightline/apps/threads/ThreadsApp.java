package dev.sightline.apps.threads;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A JDK HttpServer service with no tracing code that hands each request's work to another thread,
 * one route (an {@code HttpContext}, so the route is its path) per way of doing it. The work is a
 * JDBC query whose column alias names the route ({@code AS fixed_pool}) and, on most routes, a
 * call to this app's {@code /hello?from=<route>} through the JDK HttpClient. Every route answers
 * JSON; a route whose work failed answers 500, {@code /bounded} answers 503 (its third task is
 * rejected), the virtual-thread routes answer 501 before JDK 21.
 *
 * <p>{@code POST /probe} starts a {@link ThreadProbe} of every pool (the HTTP server's own workers
 * included) and answers 202; {@code GET /probe} answers its report once done. Arguments:
 * {@code --port N} (0, the default, binds a free port); prints {@code threads-app listening on
 * port N} once it serves.
 */
public final class ThreadsApp {

  private static final long WAIT_SECONDS = 30;

  private final Backends backends;
  private final ThreadProbe probe;
  private final ThreadPoolExecutor http = pool(4, "http-", new LinkedBlockingQueue<>());
  private final ThreadPoolExecutor fixed = pool(2, "fixed-", new LinkedBlockingQueue<>());
  private final ScheduledThreadPoolExecutor scheduled = new ScheduledThreadPoolExecutor(1, named("scheduled-"));
  private final ThreadPoolExecutor bounded = pool(1, "bounded-", new ArrayBlockingQueue<>(1));
  private final AtomicInteger forkJoinThreads = new AtomicInteger();
  private final ForkJoinPool forkJoin = new ForkJoinPool(2, pool -> {
    ForkJoinWorkerThread worker = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
    worker.setName("fork-join-" + forkJoinThreads.incrementAndGet());
    return worker;
  }, null, false);

  private ThreadsApp(Backends backends) {
    this.backends = backends;
    this.probe = new ThreadProbe(backends);
    scheduled.setRemoveOnCancelPolicy(true);
    probe.add("http", http);
    probe.add("fixed", fixed);
    probe.add("scheduled", scheduled);
    probe.add("bounded", bounded);
    probe.add("fork-join", forkJoin);
    probe.add("common", ForkJoinPool.commonPool());
  }

  public static void main(String[] args) throws Exception {
    int port = 0;
    for (int i = 0; i < args.length; i++) {
      if ("--port".equals(args[i]) && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else {
        System.err.println("usage: ThreadsApp [--port N]");
        System.exit(2);
      }
    }
    ThreadsApp app = new ThreadsApp(new Backends());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    app.backends.baseUrl("http://127.0.0.1:" + server.getAddress().getPort());
    app.routes(server);
    server.setExecutor(app.http);
    server.start();
    System.out.println("threads-app listening on port " + server.getAddress().getPort() + " (Java "
        + Runtime.version().feature() + ", common pool parallelism " + ForkJoinPool.getCommonPoolParallelism() + ")");
    System.out.flush();
    new CountDownLatch(1).await();
  }

  /** A route's answer. */
  private record Answer(int status, Map<String, Object> body) {
    static Answer ok(Object... keyValues) {
      Map<String, Object> body = new LinkedHashMap<>();
      for (int i = 0; i < keyValues.length; i += 2) {
        body.put((String) keyValues[i], keyValues[i + 1]);
      }
      return new Answer(200, body);
    }
  }

  private interface Route {
    Answer handle(HttpExchange exchange) throws Exception;
  }

  private void routes(HttpServer server) {
    route(server, "/hello", exchange -> Answer.ok("hello", "world"));
    route(server, "/fixed-pool", exchange -> {
      Future<Integer> task = fixed.submit(() -> {
        probe.ran("fixed");
        backends.count("fixed_pool");
        return backends.hello("fixed-pool");
      });
      return Answer.ok("hello", task.get(WAIT_SECONDS, TimeUnit.SECONDS));
    });
    route(server, "/scheduled", exchange -> {
      ScheduledFuture<Integer> task = scheduled.schedule(() -> {
        probe.ran("scheduled");
        backends.count("scheduled_task");
        return backends.hello("scheduled");
      }, 20, TimeUnit.MILLISECONDS);
      ScheduledFuture<Long> never = scheduled.schedule(() -> backends.count("cancelled_task"), 10, TimeUnit.MINUTES);
      boolean cancelled = never.cancel(false);
      return Answer.ok("hello", task.get(WAIT_SECONDS, TimeUnit.SECONDS), "cancelled", cancelled);
    });
    route(server, "/invoke-all", exchange -> {
      List<Callable<Long>> tasks = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        tasks.add(() -> {
          probe.ran("fixed");
          return backends.count("invoke_all");
        });
      }
      List<Long> counts = new ArrayList<>();
      for (Future<Long> future : fixed.invokeAll(tasks, WAIT_SECONDS, TimeUnit.SECONDS)) {
        counts.add(future.get());
      }
      return Answer.ok("counts", counts);
    });
    route(server, "/invoke-any", exchange -> {
      List<Callable<Long>> tasks = List.of(
          () -> {
            throw new IllegalStateException("this one never answers");
          },
          () -> {
            probe.ran("fixed");
            return backends.count("invoke_any");
          });
      return Answer.ok("count", fixed.invokeAny(tasks, WAIT_SECONDS, TimeUnit.SECONDS));
    });
    route(server, "/fork-join", exchange -> {
      Set<String> threads = new ConcurrentSkipListSet<>();
      long total = forkJoin.invoke(new Leaves(1, 4, threads));
      return Answer.ok("total", total, "threads", threads);
    });
    route(server, "/common-pool", exchange -> {
      Future<Long> task = ForkJoinPool.commonPool().submit(() -> {
        ranIn(ForkJoinPool.commonPool(), "common");
        return backends.count("common_pool");
      });
      return Answer.ok("count", task.get(WAIT_SECONDS, TimeUnit.SECONDS));
    });
    route(server, "/parallel-stream", exchange -> {
      Set<String> threads = new ConcurrentSkipListSet<>();
      long total = IntStream.rangeClosed(1, 8).parallel().mapToLong(i -> {
        ranIn(ForkJoinPool.commonPool(), "common");
        threads.add(Thread.currentThread().getName());
        pause(10); // each element takes a moment, so the pool's workers take some
        return backends.count("parallel_stream");
      }).sum();
      return Answer.ok("total", total, "threads", threads);
    });
    route(server, "/cf-default", exchange -> {
      int hello = CompletableFuture
          .supplyAsync(() -> {
            ranIn(ForkJoinPool.commonPool(), "common");
            return backends.count("cf_default");
          })
          .thenApplyAsync(count -> {
            ranIn(ForkJoinPool.commonPool(), "common");
            return backends.hello("cf-default");
          })
          .get(WAIT_SECONDS, TimeUnit.SECONDS);
      return Answer.ok("hello", hello);
    });
    route(server, "/cf-executor", exchange -> {
      int hello = CompletableFuture
          .supplyAsync(() -> {
            probe.ran("fixed");
            return backends.count("cf_executor");
          }, fixed)
          .thenApplyAsync(count -> {
            probe.ran("fixed");
            return backends.hello("cf-executor");
          }, fixed)
          .get(WAIT_SECONDS, TimeUnit.SECONDS);
      return Answer.ok("hello", hello);
    });
    route(server, "/thread-subclass", exchange -> {
      Worker worker = new Worker(backends);
      worker.start();
      worker.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      return worker.answer();
    });
    route(server, "/thread-runnable", exchange -> {
      AtomicReference<Object> result = new AtomicReference<>();
      Thread thread = new Thread(() -> result.set(work("thread_runnable", "thread-runnable")), "runnable-thread");
      thread.start();
      thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      return answer(result.get());
    });
    route(server, "/virtual-executor", exchange -> {
      if (!VirtualThreads.available()) {
        return new Answer(501, Map.of("error", "no virtual threads on Java " + Runtime.version().feature()));
      }
      ExecutorService executor = VirtualThreads.newVirtualThreadPerTaskExecutor();
      try {
        Future<Object> task = executor.submit(() -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("virtual", VirtualThreads.isVirtual(Thread.currentThread()));
          body.put("hello", work("virtual_executor", "virtual-executor"));
          return body;
        });
        return answer(task.get(WAIT_SECONDS, TimeUnit.SECONDS));
      } finally {
        executor.shutdown();
      }
    });
    route(server, "/virtual-thread", exchange -> {
      if (!VirtualThreads.available()) {
        return new Answer(501, Map.of("error", "no virtual threads on Java " + Runtime.version().feature()));
      }
      AtomicReference<Object> result = new AtomicReference<>();
      Thread thread = VirtualThreads.start("virtual-task", () -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("virtual", VirtualThreads.isVirtual(Thread.currentThread()));
        body.put("hello", work("virtual_thread", "virtual-thread"));
        result.set(body);
      });
      thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      return answer(result.get());
    });
    route(server, "/bounded", exchange -> bounded());
    route(server, "/probe", exchange -> {
      if ("POST".equals(exchange.getRequestMethod())) {
        probe.start();
        return new Answer(202, Map.of("state", "running"));
      }
      Map<String, Object> report = probe.report();
      return new Answer("done".equals(report.get("state")) ? 200 : 202, report);
    });
  }

  /**
   * Three tasks for the bounded pool (one thread, a queue of one): the first runs, the second
   * waits in the queue, the third is rejected. The two that run make a query each; the request
   * then makes one of its own and answers 503.
   */
  private Answer bounded() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Future<Long>> accepted = new ArrayList<>();
    accepted.add(bounded.submit(() -> {
      probe.ran("bounded");
      started.countDown();
      release.await(WAIT_SECONDS, TimeUnit.SECONDS);
      return backends.count("bounded_task");
    }));
    if (!started.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
      release.countDown();
      return new Answer(500, Map.of("error", "the bounded pool did not start the first task"));
    }
    String rejected = null;
    try {
      accepted.add(bounded.submit(() -> {
        probe.ran("bounded");
        return backends.count("bounded_task");
      }));
      bounded.submit(() -> backends.count("rejected_task"));
    } catch (RejectedExecutionException e) {
      rejected = e.getClass().getName();
    } finally {
      release.countDown();
    }
    List<Long> ran = new ArrayList<>();
    for (Future<Long> future : accepted) {
      ran.add(future.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }
    long after = backends.count("after_rejection");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ran", ran);
    body.put("rejected", rejected);
    body.put("after", after);
    return new Answer(rejected != null ? 503 : 200, body);
  }

  /** The query and the call most routes make on their other thread; the call's status. */
  private int work(String alias, String from) {
    backends.count(alias);
    return backends.hello(from);
  }

  private static Answer answer(Object result) {
    if (result == null) {
      return new Answer(500, Map.of("error", "the other thread did not finish"));
    }
    if (result instanceof Answer answer) {
      return answer;
    }
    if (result instanceof Map<?, ?> map) {
      Map<String, Object> body = new LinkedHashMap<>();
      map.forEach((key, value) -> body.put(String.valueOf(key), value));
      return new Answer(200, body);
    }
    return Answer.ok("hello", result);
  }

  /** A {@code Thread} subclass whose {@code run()} does the route's work. */
  static final class Worker extends Thread {
    private final Backends backends;
    private volatile Answer answer;

    Worker(Backends backends) {
      super("worker-thread");
      this.backends = backends;
    }

    @Override
    public void run() {
      backends.count("thread_subclass");
      answer = Answer.ok("hello", backends.hello("thread-subclass"));
    }

    Answer answer() {
      return answer == null ? new Answer(500, Map.of("error", "the worker thread did not finish")) : answer;
    }
  }

  /** Sums one query per number in {@code [from, to]}, forking halves down to single numbers. */
  private final class Leaves extends RecursiveTask<Long> {
    private static final long serialVersionUID = 1L;
    private final int from;
    private final int to;
    private final transient Set<String> threads;

    Leaves(int from, int to, Set<String> threads) {
      this.from = from;
      this.to = to;
      this.threads = threads;
    }

    @Override
    protected Long compute() {
      if (from == to) {
        ranIn(forkJoin, "fork-join");
        threads.add(Thread.currentThread().getName());
        pause(10);
        return backends.count("fork_join");
      }
      int middle = (from + to) / 2;
      Leaves left = new Leaves(from, middle, threads);
      Leaves right = new Leaves(middle + 1, to, threads);
      left.fork();
      return right.compute() + left.join();
    }
  }

  private void ranIn(ForkJoinPool pool, String name) {
    if (Thread.currentThread() instanceof ForkJoinWorkerThread worker && worker.getPool() == pool) {
      probe.ran(name);
    }
  }

  private void route(HttpServer server, String path, Route route) {
    server.createContext(path, exchange -> {
      probe.ran("http");
      Answer answer;
      try {
        answer = route.handle(exchange);
      } catch (ExecutionException e) {
        answer = new Answer(500, Map.of("error", String.valueOf(e.getCause())));
      } catch (Exception e) {
        answer = new Answer(500, Map.of("error", String.valueOf(e)));
      }
      respond(exchange, answer);
    });
  }

  private static void respond(HttpExchange exchange, Answer answer) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      byte[] bytes = Json.write(answer.body()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static ThreadPoolExecutor pool(int threads, String prefix, java.util.concurrent.BlockingQueue<Runnable> queue) {
    return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, queue, named(prefix),
        new ThreadPoolExecutor.AbortPolicy());
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Enough JSON for the answers: maps, collections, strings, numbers, booleans, null. */
  static final class Json {
    private Json() {}

    static String write(Object value) {
      if (value == null) {
        return "null";
      }
      if (value instanceof Map<?, ?> map) {
        return map.entrySet().stream()
            .map(e -> write(String.valueOf(e.getKey())) + ":" + write(e.getValue()))
            .collect(Collectors.joining(",", "{", "}"));
      }
      if (value instanceof Iterable<?> items) {
        List<String> written = new ArrayList<>();
        items.forEach(item -> written.add(write(item)));
        return String.join(",", written).transform(s -> "[" + s + "]");
      }
      if (value instanceof Number || value instanceof Boolean) {
        return String.valueOf(value);
      }
      StringBuilder out = new StringBuilder("\"");
      for (char c : String.valueOf(value).toCharArray()) {
        if (c == '"' || c == '\\') {
          out.append('\\').append(c);
        } else if (c < 0x20) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
      return out.append('"').toString();
    }
  }
}
