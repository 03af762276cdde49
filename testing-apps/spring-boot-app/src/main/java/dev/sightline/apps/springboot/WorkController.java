package dev.sightline.apps.springboot;

import dev.sightline.apps.springboot.CatalogController.Stock;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Work handed to other threads, one route per way of doing it; each does its JDBC (and in
 * {@code /chain} an HTTP call) on a thread other than the request's. Every query names its route
 * in a column alias ({@code AS async_orders}), which survives the agent's sanitizing, so tests
 * can find each route's database spans in the export wherever they ended up.
 */
@RestController
@RequestMapping("/work")
public class WorkController {

  private static final long WAIT_SECONDS = 30;
  /** Long enough for the request thread to have handed the request over to async processing. */
  private static final long ASYNC_DELAY_MILLIS = 50;

  private final JdbcTemplate jdbc;
  private final AsyncWork asyncWork;
  private final Workers workers;
  private final ThreadProbe threads;
  private final RestClient inventoryClient;

  public WorkController(JdbcTemplate jdbc, AsyncWork asyncWork, Workers workers, ThreadProbe threads,
      @Qualifier("inventoryClient") RestClient inventoryClient) {
    this.jdbc = jdbc;
    this.asyncWork = asyncWork;
    this.workers = workers;
    this.threads = threads;
    this.inventoryClient = inventoryClient;
  }

  /** An {@code @Async} method does the query; the request waits for its future. */
  @GetMapping("/async/{product}")
  public Map<String, Object> async(@PathVariable("product") String product) throws Exception {
    long orders = asyncWork.countOrders(product).get(WAIT_SECONDS, TimeUnit.SECONDS);
    return Map.of("product", product, "orders", orders);
  }

  /**
   * {@code supplyAsync} (the common pool) counts the orders, then {@code thenApplyAsync} on the
   * workers pool asks the inventory (this app) through the JDK HttpClient.
   */
  @GetMapping("/chain/{product}")
  public Map<String, Object> chain(@PathVariable("product") String product, HttpServletRequest request)
      throws Exception {
    String self = "http://127.0.0.1:" + request.getLocalPort();
    return CompletableFuture
        .supplyAsync(() -> {
          threads.ranIfCommonPool();
          return countOrders("chain_orders", product);
        })
        .thenApplyAsync(orders -> {
          threads.ran(ThreadProbe.WORKERS);
          Stock stock = inventoryClient.get().uri(self + "/inventory/{product}", product).retrieve().body(Stock.class);
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("product", product);
          body.put("orders", orders);
          body.put("available", stock == null ? null : stock.available());
          return body;
        }, workers.workers())
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** A parallel stream (the common pool, and the request thread) makes one query per element. */
  @GetMapping("/parallel")
  public Map<String, Object> parallel() {
    Set<String> threadNames = new ConcurrentSkipListSet<>();
    Map<Integer, Long> counts = IntStream.rangeClosed(1, 8).boxed().toList().parallelStream()
        .collect(Collectors.toMap(quantity -> quantity, quantity -> {
          threads.ranIfCommonPool();
          threadNames.add(Thread.currentThread().getName());
          pause(10); // each element takes a moment, so the pool's workers take some
          return jdbc.queryForObject("SELECT COUNT(*) AS parallel_orders FROM orders WHERE quantity >= ?",
              Long.class, quantity);
        }, (a, b) -> a, TreeMap::new));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("counts", counts);
    body.put("threads", threadNames);
    return body;
  }

  /** A {@code DeferredResult} the workers pool completes after its query. */
  @GetMapping("/deferred/{orderId}")
  public DeferredResult<Map<String, Object>> deferred(@PathVariable("orderId") long orderId) {
    DeferredResult<Map<String, Object>> result = new DeferredResult<>(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    workers.workers().execute(() -> {
      threads.ran(ThreadProbe.WORKERS);
      pause(ASYNC_DELAY_MILLIS);
      result.setResult(orderStatus("deferred_order", orderId));
    });
    return result;
  }

  /** A {@code Callable} Spring MVC runs on its async executor (Spring Boot's applicationTaskExecutor). */
  @GetMapping("/callable/{orderId}")
  public Callable<Map<String, Object>> callable(@PathVariable("orderId") long orderId) {
    return () -> {
      threads.ran(ThreadProbe.SPRING_TASK);
      pause(ASYNC_DELAY_MILLIS);
      return orderStatus("callable_order", orderId);
    };
  }

  /** A {@code CompletableFuture} return value, completed on the workers pool. */
  @GetMapping("/future/{orderId}")
  public CompletableFuture<Map<String, Object>> future(@PathVariable("orderId") long orderId) {
    return CompletableFuture.supplyAsync(() -> {
      threads.ran(ThreadProbe.WORKERS);
      pause(ASYNC_DELAY_MILLIS);
      return orderStatus("future_order", orderId);
    }, workers.workers());
  }

  /** {@code submit} one query, then {@code invokeAll} two more, on the workers pool. */
  @GetMapping("/executor")
  public Map<String, Object> executor() throws Exception {
    Future<Long> submitted = workers.workers().submit(() -> {
      threads.ran(ThreadProbe.WORKERS);
      return countAll("submitted_orders");
    });
    List<Callable<Long>> tasks = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      tasks.add(() -> {
        threads.ran(ThreadProbe.WORKERS);
        return countAll("invoked_orders");
      });
    }
    List<Long> invoked = new ArrayList<>();
    for (Future<Long> future : workers.workers().invokeAll(tasks, WAIT_SECONDS, TimeUnit.SECONDS)) {
      invoked.add(future.get());
    }
    return Map.of("submitted", submitted.get(WAIT_SECONDS, TimeUnit.SECONDS), "invoked", invoked);
  }

  /**
   * Three tasks for the bounded pool (one thread, a queue of one): the first runs, the second
   * waits in the queue, the third is rejected. The two that run make a query each; the request
   * then makes one of its own and answers 503.
   */
  @GetMapping("/bounded")
  public ResponseEntity<Map<String, Object>> bounded() throws InterruptedException, ExecutionException,
      TimeoutException {
    ThreadPoolExecutor pool = workers.bounded();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Future<Long>> accepted = new ArrayList<>();
    accepted.add(pool.submit(() -> {
      threads.ran(ThreadProbe.BOUNDED);
      started.countDown();
      release.await(WAIT_SECONDS, TimeUnit.SECONDS);
      return countAll("bounded_task");
    }));
    // The first task holds the thread (and has left the queue) before the next two are offered.
    if (!started.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
      release.countDown();
      return ResponseEntity.status(500).body(Map.of("error", "the bounded pool did not start the first task"));
    }
    String rejected = null;
    try {
      accepted.add(pool.submit(() -> {
        threads.ran(ThreadProbe.BOUNDED);
        return countAll("bounded_task");
      }));
      pool.submit(() -> countAll("rejected_task"));
    } catch (RejectedExecutionException e) {
      rejected = e.getClass().getName();
    } finally {
      release.countDown();
    }
    List<Long> results = new ArrayList<>();
    for (Future<Long> future : accepted) {
      results.add(future.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }
    long after = countAll("after_rejection");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ran", results);
    body.put("rejected", rejected);
    body.put("after", after);
    return ResponseEntity.status(rejected != null ? 503 : 200).body(body);
  }

  /** See {@link ThreadProbe}: one root-span insert per pooled thread, if nothing was left behind. */
  @PostMapping("/probe")
  public Map<String, Object> probe() throws Exception {
    return threads.probe();
  }

  private long countOrders(String alias, String product) {
    return jdbc.queryForObject("SELECT COUNT(*) AS " + alias + " FROM orders WHERE product = ?", Long.class, product);
  }

  private long countAll(String alias) {
    return jdbc.queryForObject("SELECT COUNT(*) AS " + alias + " FROM orders", Long.class);
  }

  private Map<String, Object> orderStatus(String alias, long orderId) {
    List<String> status = jdbc.queryForList("SELECT status AS " + alias + " FROM orders WHERE id = ?", String.class,
        orderId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("orderId", orderId);
    body.put("status", status.isEmpty() ? "UNKNOWN" : status.get(0));
    body.put("thread", Thread.currentThread().getName());
    return body;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
