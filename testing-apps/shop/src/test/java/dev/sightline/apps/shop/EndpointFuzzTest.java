package dev.sightline.apps.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The agent's endpoint under attack while the shop takes orders: idle connections, clients that
 * send a byte a second, malformed, oversized and randomly mutated requests, and a crowd of
 * concurrent ones, one after the other and then all at once. Each attack is bounded in time and
 * rate and stops by itself; everything goes to loopback. Throughout, a probe opens a new
 * connection every 100 ms as a kubelet would, and /health, /ready and /live must answer 200
 * within a second; the shop's order throughput must stay near its baseline; the agent's endpoint
 * threads and connection objects must stay within their bounds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointFuzzTest {

  private static final Duration PHASE = Duration.ofSeconds(3);
  private static final Set<Integer> EXPECTED_REFUSALS = Set.of(400, 403, 404, 405, 408, 414, 431, 503, 505);
  private static final long SEED = 16;

  private RunningShop shop;
  private final AtomicBoolean attacking = new AtomicBoolean();
  private final List<String> surprises = Collections.synchronizedList(new ArrayList<>());
  private final Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();

  @BeforeAll
  void startShop() {
    shop = RunningShop.start("shop-fuzz");
  }

  @AfterAll
  void stopShop() {
    if (shop != null) {
      shop.close();
    }
  }

  @Test
  void theShopAndItsProbesShrugOffMalformedOversizedSlowAndConcurrentRequests() throws Exception {
    OrderLoad load = new OrderLoad(shop.url("/orders"), 4);
    Prober prober = new Prober(shop.app.endpointPort());
    Map<String, double[]> results = new LinkedHashMap<>();
    String during = null;
    int connections;
    try {
      load.start();
      prober.start();
      RunningShop.sleep(2_000); // warm-up: JIT, connection pools
      results.put("baseline", measure(load, prober, PHASE.plusSeconds(2), () -> { }, null));
      results.put("500 idle connections", measure(load, prober, PHASE, this::idleConnections, null));
      results.put("300 slow clients", measure(load, prober, PHASE, this::slowClients, null));
      results.put("malformed and oversized", measure(load, prober, PHASE, this::malformedRequests, null));
      results.put("concurrent requests", measure(load, prober, PHASE, this::concurrentRequests, null));
      int[] heightConnections = new int[1];
      String[] height = new String[1];
      results.put("all at once", measure(load, prober, PHASE.plusSeconds(1), () -> join(List.of(
          attack(this::idleConnections), attack(this::slowClients), attack(this::malformedRequests),
          attack(this::concurrentRequests))),
          // at the height of the attack, outside the measured window (a class histogram stops the JVM for a moment)
          () -> {
            heightConnections[0] = liveConnections(256 + 16);
            height[0] = jcmd("Thread.print");
          }));
      during = height[0];
      connections = heightConnections[0];
      results.put("after", measure(load, prober, PHASE, () -> { }, null));
    } finally {
      prober.stop();
      load.stop();
    }

    StringBuilder table = new StringBuilder("[fuzz] phase: orders/s (vs baseline), probe max ms, probe failures\n");
    double baseline = results.get("baseline")[0];
    results.forEach((phase, r) -> table.append(String.format("[fuzz] %-24s %7.1f (%3.0f%%) %6.0f %3.0f%n",
        phase, r[0], 100 * r[0] / baseline, r[1], r[2])));
    table.append("[fuzz] attack answers by status: ").append(new java.util.TreeMap<>(answers)).append('\n');
    table.append("[fuzz] connection objects at the height of the attack: ").append(connections).append('\n');
    System.out.print(table);

    assertTrue(baseline > 20, "the shop takes orders: " + table);
    for (Map.Entry<String, double[]> phase : results.entrySet()) {
      double[] r = phase.getValue();
      assertEquals(0, r[2], phase.getKey() + ": every probe answered 200\n" + table + prober.failures);
      assertTrue(r[1] < 1_000, phase.getKey() + ": every probe answered within a second\n" + table);
      assertTrue(r[0] >= 0.7 * baseline, phase.getKey() + ": the shop's throughput holds\n" + table);
    }
    assertEquals(List.of(), surprises, "only the expected refusals, never a 500 or a hang");
    assertTrue(answers.getOrDefault(400, new AtomicLong()).get() > 100, "the malformed requests were answered: " + answers);

    // bounded: at the height of the attack, at most 256 connection objects and 4 endpoint threads
    assertTrue(connections <= 256 + 16, connections + " connections held at the height of the attack");
    assertTrue(endpointThreads(during) <= 4, endpointThreads(during) + " endpoint threads during the attack");
    int left = liveConnections(16);
    assertTrue(left <= 16, left + " connections held after the attack: they were let go");
    String after = jcmd("Thread.print");
    assertTrue(endpointThreads(after) <= 4, endpointThreads(after) + " endpoint threads after");
    assertTrue(shop.app.isAlive());
  }

  /**
   * Runs {@code attack} for one phase and returns orders/s, the slowest probe (ms) and failed
   * probes; {@code atEnd} (if any) runs after the measured window, before the attack stops.
   */
  private double[] measure(OrderLoad load, Prober prober, Duration length, Runnable attack, Runnable atEnd) {
    long orders = load.completed.get();
    prober.reset();
    long started = System.nanoTime();
    attacking.set(true);
    Thread attacker = attack(attack);
    RunningShop.sleep(length.toMillis());
    double[] result = {(load.completed.get() - orders) / ((System.nanoTime() - started) / 1e9), prober.maxMillis.get(),
        prober.failed.get()};
    if (atEnd != null) {
      atEnd.run();
    }
    attacking.set(false);
    join(List.of(attacker));
    return result;
  }

  private static Thread attack(Runnable attack) {
    Thread thread = new Thread(attack, "fuzz-attack");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void join(List<Thread> threads) {
    for (Thread thread : threads) {
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // --- the attacks; each runs while `attacking` is set

  private void idleConnections() {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 500 && attacking.get(); i++) {
        sockets.add(connect());
      }
      while (attacking.get()) {
        RunningShop.sleep(50);
      }
    } catch (IOException e) {
      surprises.add("idle: connect failed: " + e);
    } finally {
      closeAll(sockets);
    }
  }

  private void slowClients() {
    List<Socket> sockets = new ArrayList<>();
    byte[] request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: one-byte-a-second\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    try {
      for (int i = 0; i < 300 && attacking.get(); i++) {
        sockets.add(connect());
      }
      for (int at = 0; attacking.get() && at < request.length; at++) {
        for (Socket socket : sockets) {
          try {
            socket.getOutputStream().write(request[at]);
          } catch (IOException e) {
            // the server closed it: it was too slow
          }
        }
        RunningShop.sleep(1_000);
      }
    } catch (IOException e) {
      surprises.add("slow: connect failed: " + e);
    } finally {
      closeAll(sockets);
    }
  }

  private void malformedRequests() {
    Thread second = attack(() -> malformedLoop(new Random(SEED + 1)));
    malformedLoop(new Random(SEED));
    join(List.of(second));
  }

  private void malformedLoop(Random random) {
    List<byte[]> corpus = corpus();
    while (attacking.get()) {
      byte[] request = random.nextInt(3) == 0 ? corpus.get(random.nextInt(corpus.size())) : mutate(random, corpus);
      int status = exchange(request, 3_000);
      if (status == -2) {
        surprises.add("no answer within 3 s to " + printable(request));
      } else if (status >= 500 && status != 503 && status != 505) {
        surprises.add(status + " to " + printable(request));
      }
      RunningShop.sleep(5);
    }
  }

  private void concurrentRequests() {
    List<Thread> clients = new ArrayList<>();
    String[] requests = {
        "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "GET /traces?view=summary HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n\r\n",
        "GET /traces HTTP/1.1\r\nHost: attacker.example\r\n\r\n",
        "HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "GET /live HTTP/1.1\r\n\r\n",
        "GET /nothing-here HTTP/1.1\r\n\r\n",
        "GET /ready HTTP/1.0\r\n\r\n"};
    for (int c = 0; c < 8; c++) {
      int client = c;
      clients.add(attack(() -> {
        for (int i = client; attacking.get(); i++) {
          byte[] request = requests[i % requests.length].getBytes(StandardCharsets.ISO_8859_1);
          int status = exchange(request, 3_000);
          if (!Set.of(200, 403, 404, 503).contains(status)) {
            surprises.add(status + " to " + printable(request));
          }
          RunningShop.sleep(20);
        }
      }));
    }
    join(clients);
  }

  /** Requests a careless or hostile client might send, and the worst of their sizes. */
  private static List<byte[]> corpus() {
    List<String> texts = new ArrayList<>(List.of(
        "GET /health HTTP/1.1\r\n\r\n",
        "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n",
        "garbage\r\n\r\n",
        "GET /\r\n\r\n",
        "GET / HTTP/9.9\r\n\r\n",
        "POST /traces HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world",
        "PUT /health HTTP/1.1\r\n\r\n",
        "CONNECT 127.0.0.1:22 HTTP/1.1\r\n\r\n",
        "GET /../../../../etc/passwd HTTP/1.1\r\n\r\n",
        "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n\r\n",
        "GET /traces?traceId=%zz HTTP/1.1\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET /health HTTP/1.1\r\n folded\r\n\r\n",
        "GET /health HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003", // a TLS hello on the plain port
        "GET /h\u0000ealth HTTP/1.1\r\n\r\n",
        "GET /health?" + "x".repeat(10 * 1024) + " HTTP/1.1\r\n\r\n",
        "GET /health HTTP/1.1\r\nX-Big: " + "y".repeat(20 * 1024) + "\r\n\r\n",
        "GET /health HTTP/1.1\r\n" + "X-Many: 1\r\n".repeat(200) + "\r\n"));
    List<byte[]> corpus = new ArrayList<>();
    texts.forEach(text -> corpus.add(text.getBytes(StandardCharsets.ISO_8859_1)));
    byte[] megabyte = new byte[1024 * 1024];
    new Random(SEED).nextBytes(megabyte);
    corpus.add(megabyte);
    return corpus;
  }

  private static byte[] mutate(Random random, List<byte[]> corpus) {
    byte[] base = corpus.get(random.nextInt(Math.min(corpus.size(), 6))).clone();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(base, 0, base.length);
    byte[] bytes = out.toByteArray();
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(4)) {
        case 0 -> bytes[at] = (byte) random.nextInt(256);
        case 1 -> bytes[at] = (byte) "\r\n :/%?\u0000\t".charAt(random.nextInt(9));
        case 2 -> bytes = java.util.Arrays.copyOf(bytes, at + 1);
        default -> {
          byte[] longer = new byte[bytes.length + 1];
          System.arraycopy(bytes, 0, longer, 0, at);
          longer[at] = (byte) random.nextInt(128);
          System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
          bytes = longer;
        }
      }
    }
    return bytes;
  }

  /**
   * Sends raw bytes on a new connection and returns the answer's status: -1 when the server closed
   * without one (a truncated request waits for the head timeout; a request it could not parse at
   * all may still get its 400), -2 when nothing came within {@code timeoutMillis}.
   */
  private int exchange(byte[] request, int timeoutMillis) {
    try (Socket socket = connect()) {
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        socket.shutdownOutput();
      } catch (IOException e) {
        // answered and closed before reading it all (an oversized head)
      }
      InputStream in = socket.getInputStream();
      byte[] head = in.readNBytes(12);
      int status;
      if (head.length < 12) {
        status = -1;
      } else {
        String line = new String(head, StandardCharsets.ISO_8859_1);
        status = line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : -3;
      }
      answers.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
      if (status == -3 || (status >= 0 && status != 200 && !EXPECTED_REFUSALS.contains(status))) {
        surprises.add("unexpected answer " + new String(head, StandardCharsets.ISO_8859_1) + " to " + printable(request));
      }
      return status;
    } catch (SocketTimeoutException e) {
      return -2;
    } catch (IOException e) {
      return -1;
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", shop.app.endpointPort()), 2_000);
    return socket;
  }

  private static void closeAll(List<Socket> sockets) {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private static String printable(byte[] request) {
    String text = new String(request, 0, Math.min(request.length, 80), StandardCharsets.ISO_8859_1);
    return text.replaceAll("[^\\x20-\\x7e]", "?") + (request.length > 80 ? "... (" + request.length + " bytes)" : "");
  }

  // --- the app's JVM, seen through jcmd

  private String jcmd(String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process process = new ProcessBuilder(jcmd.toString(), Long.toString(shop.app.pid()), command)
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(30, TimeUnit.SECONDS);
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("jcmd " + command + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The endpoint's connection objects still reachable, the fewest of up to three live-object
   * histograms. One histogram can overcount: HotSpot skips its full GC while a thread holds the
   * GC locker (a JNI critical section, as gzip and CRC32 take while compressing /metrics), and
   * then counts the garbage too. A real leak shows in every one.
   */
  private int liveConnections(int bound) {
    int fewest = Integer.MAX_VALUE;
    for (int attempt = 0; attempt < 3 && fewest > bound; attempt++) {
      fewest = Math.min(fewest, instances(jcmd("GC.class_histogram"), "dev.sightline.agent.endpoint.EndpointServer$Connection"));
    }
    return fewest;
  }

  private static int instances(String histogram, String className) {
    Matcher matcher = Pattern.compile("\\s(\\d+)\\s+\\d+\\s+" + Pattern.quote(className) + "\\s").matcher(histogram);
    return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
  }

  private static long endpointThreads(String threadDump) {
    return threadDump.lines().filter(line -> line.startsWith("\"sightline-endpoint")).count();
  }

  /** A closed loop of orders from a few clients, like customers at the checkout. */
  private static final class OrderLoad {
    final AtomicLong completed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private final URI orders;
    private final int clients;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    OrderLoad(String url, int clients) {
      this.orders = URI.create(url);
      this.clients = clients;
    }

    void start() {
      HttpRequest request = HttpRequest.newBuilder(orders).timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"product\":\"book\",\"quantity\":1}")).build();
      for (int i = 0; i < clients; i++) {
        threads.add(attack(() -> {
          while (running.get()) {
            try {
              int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
              (status == 201 ? completed : failed).incrementAndGet();
            } catch (IOException e) {
              failed.incrementAndGet();
            } catch (InterruptedException e) {
              return;
            }
          }
        }));
      }
    }

    void stop() {
      running.set(false);
      join(threads);
    }
  }

  /** A probe like a kubelet's: a new connection every 100 ms to /health, /ready, /live in turn, 1 s to answer. */
  private static final class Prober {
    final AtomicLong maxMillis = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final int port;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Thread thread;

    Prober(int port) {
      this.port = port;
    }

    void reset() {
      maxMillis.set(0);
      failed.set(0);
    }

    void start() {
      thread = attack(() -> {
        String[] paths = {"/health", "/ready", "/live"};
        for (int i = 0; running.get(); i++) {
          String path = paths[i % paths.length];
          long started = System.nanoTime();
          String outcome;
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            socket.setSoTimeout(1_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: kube-probe/1.31\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            outcome = head.equals("HTTP/1.1 200") ? null : "answered " + head;
          } catch (IOException e) {
            outcome = e.toString();
          }
          long millis = (System.nanoTime() - started) / 1_000_000;
          maxMillis.accumulateAndGet(millis, Math::max);
          if (outcome != null) {
            failed.incrementAndGet();
            failures.add(path + ": " + outcome + " after " + millis + " ms");
          }
          RunningShop.sleep(100);
        }
      });
    }

    void stop() {
      running.set(false);
      join(List.of(thread));
    }
  }
}
