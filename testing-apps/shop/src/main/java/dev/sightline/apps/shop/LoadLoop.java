package dev.sightline.apps.shop;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code --load}: a steady trickle of orders to this shop, like a handful of customers, so that
 * metrics and traces have something to show. About 10% name a product the shop does not sell
 * (pricing 404, order 422) and 5% the discontinued one (inventory 503, order 502).
 */
final class LoadLoop implements Runnable {

  private final URI orders;
  private final long pauseNanos;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  /** Status code to count, touched by the loop's thread only. */
  private final Map<Integer, Integer> answers = new TreeMap<>();
  private volatile boolean running = true;

  LoadLoop(String base, double ordersPerSecond) {
    this.orders = URI.create(base + "/orders");
    this.pauseNanos = (long) (1_000_000_000L / ordersPerSecond);
  }

  @Override
  public void run() {
    long next = System.nanoTime();
    long nextReport = next + Duration.ofSeconds(30).toNanos();
    while (running) {
      sendOne();
      next += pauseNanos;
      long now = System.nanoTime();
      if (now - nextReport >= 0) {
        System.out.println("shop load: answers so far " + answers);
        nextReport = now + Duration.ofSeconds(30).toNanos();
      }
      long sleep = next - now;
      if (sleep > 0) {
        try {
          Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      } else {
        next = now; // fell behind (a slow answer): do not burst to catch up
      }
    }
  }

  private void sendOne() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int dice = random.nextInt(100);
    String product = dice < 10 ? "unicorn"
        : dice < 15 ? Catalog.DISCONTINUED
        : Catalog.IN_STOCK.get(random.nextInt(Catalog.IN_STOCK.size()));
    String body = JsonText.object(Map.of("product", product, "quantity", 1 + random.nextInt(3)));
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(orders)
          .timeout(Duration.ofSeconds(15))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build(), HttpResponse.BodyHandlers.discarding());
      answers.merge(response.statusCode(), 1, Integer::sum);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } catch (Exception e) {
      answers.merge(0, 1, Integer::sum); // no answer at all
    }
  }

  void stop() {
    running = false;
  }
}
