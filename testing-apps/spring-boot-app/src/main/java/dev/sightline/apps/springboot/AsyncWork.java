package dev.sightline.apps.springboot;

import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/** {@code @Async} work, run by Spring Boot's {@code applicationTaskExecutor} (threads {@code task-N}). */
@Service
public class AsyncWork {

  private final JdbcTemplate jdbc;
  private final ThreadProbe threads;

  public AsyncWork(JdbcTemplate jdbc, ThreadProbe threads) {
    this.jdbc = jdbc;
    this.threads = threads;
  }

  @Async
  public CompletableFuture<Long> countOrders(String product) {
    threads.ran(ThreadProbe.SPRING_TASK);
    return CompletableFuture.completedFuture(jdbc.queryForObject(
        "SELECT COUNT(*) AS async_orders FROM orders WHERE product = ?", Long.class, product));
  }
}
