package dev.sightline.apps.springboot;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The app's own thread pools, plain {@code java.util.concurrent} ones (not beans, so Spring Boot
 * still configures its {@code applicationTaskExecutor} for {@code @Async} and MVC async requests):
 * {@code workers-N}, two threads for submitted tasks and {@code CompletableFuture} stages, and
 * {@code bounded-1}, one thread with a queue of one that rejects (AbortPolicy) what does not fit.
 */
@Component
public class Workers implements DisposableBean {

  private final ThreadPoolExecutor workers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
      new LinkedBlockingQueue<>(), named("workers-"));
  private final ThreadPoolExecutor bounded = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
      new ArrayBlockingQueue<>(1), named("bounded-"), new ThreadPoolExecutor.AbortPolicy());

  public ExecutorService workers() {
    return workers;
  }

  ThreadPoolExecutor workersPool() {
    return workers;
  }

  public ThreadPoolExecutor bounded() {
    return bounded;
  }

  @Override
  public void destroy() {
    workers.shutdownNow();
    bounded.shutdownNow();
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
