package dev.sightline.benchmark;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP/1.1 load generator meant to run in its own JVM: N threads, each with one
 * keep-alive socket to 127.0.0.1, send the next request as soon as the previous answer is read.
 * Requests and responses are handled as raw bytes so the generator costs the shared CPUs as
 * little as possible.
 *
 * <p>Prints {@value #MEASURING} when the warm-up ends and then one {@code RESULT {json}} line.
 * Only requests that start and finish inside the measurement window count.
 *
 * <pre>LoadGenerator PORT CONNECTIONS WARMUP_S MEASURE_S MIX</pre>
 * MIX is comma-separated {@code path:weight} entries; {@code {id}} in a path is replaced by a
 * rotating number from 1 to 1000, e.g. {@code /hello:1,/api/orders/{id}:1}. An entry
 * {@code POST /path {json}:weight} posts that JSON body (commas inside braces do not split
 * entries). Any 2xx answer counts as a success.
 */
public final class LoadGenerator {

  static final String MEASURING = "MEASURING";
  static final String RESULT_PREFIX = "RESULT ";

  private static final int SOCKET_TIMEOUT_MS = 10_000;

  private final int port;
  private final int connections;
  private final long warmupNanos;
  private final long measureNanos;
  private final List<String> paths;

  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MAX_VALUE;
  private volatile boolean stopping;
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();

  LoadGenerator(int port, int connections, double warmupSeconds, double measureSeconds,
      List<String> paths) {
    this.port = port;
    this.connections = connections;
    this.warmupNanos = (long) (warmupSeconds * 1e9);
    this.measureNanos = (long) (measureSeconds * 1e9);
    this.paths = paths;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: LoadGenerator PORT CONNECTIONS WARMUP_S MEASURE_S MIX");
      System.exit(2);
    }
    LoadGenerator generator = new LoadGenerator(Integer.parseInt(args[0]),
        Integer.parseInt(args[1]), Double.parseDouble(args[2]), Double.parseDouble(args[3]),
        expandMix(args[4]));
    LoadResult result = generator.run(() -> {
      System.out.println(MEASURING);
      System.out.flush();
    });
    System.out.println(RESULT_PREFIX + result.toJson());
    System.out.flush();
    System.exit(0);
  }

  /**
   * {@code /a:2,/b:1} becomes [/a, /a, /b]: each thread walks this list round-robin. An entry is
   * a GET path or {@code POST path body}; the weight is the number after the last colon.
   */
  static List<String> expandMix(String mix) {
    List<String> entries = new ArrayList<>();
    for (String entry : splitOutsideBraces(mix)) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int colon = trimmed.lastIndexOf(':');
      boolean weighted = colon > 0 && colon < trimmed.length() - 1
          && trimmed.substring(colon + 1).chars().allMatch(Character::isDigit);
      String request = weighted ? trimmed.substring(0, colon).trim() : trimmed;
      int weight = weighted ? Integer.parseInt(trimmed.substring(colon + 1)) : 1;
      String path = request.startsWith("POST ") ? request.substring(5).trim() : request;
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("bad mix entry " + entry);
      }
      for (int i = 0; i < weight; i++) {
        entries.add(request);
      }
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("empty mix " + mix);
    }
    return entries;
  }

  private static List<String> splitOutsideBraces(String mix) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < mix.length(); i++) {
      char c = mix.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth = Math.max(0, depth - 1);
      } else if (c == ',' && depth == 0) {
        parts.add(mix.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(mix.substring(start));
    return parts;
  }

  LoadResult run(Runnable onMeasuring) throws InterruptedException {
    List<Worker> workers = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(connections);
    for (int i = 0; i < connections; i++) {
      Worker worker = new Worker(i, done);
      workers.add(worker);
      Thread thread = new Thread(worker, "load-" + i);
      thread.setDaemon(true);
      thread.start();
    }
    long start = System.nanoTime();
    sleepUntil(start + warmupNanos);
    long measureStart = System.nanoTime();
    windowEnd = measureStart + measureNanos;
    windowStart = measureStart;
    onMeasuring.run();
    sleepUntil(measureStart + measureNanos);
    stopping = true;
    // Blocked reads end within the socket timeout at worst; the window is already closed.
    done.await(SOCKET_TIMEOUT_MS + 2_000, TimeUnit.MILLISECONDS);

    long[] all = new long[workers.stream().mapToInt(w -> w.count).sum()];
    int offset = 0;
    for (Worker worker : workers) {
      System.arraycopy(worker.latencies, 0, all, offset, worker.count);
      offset += worker.count;
    }
    Arrays.sort(all);
    double seconds = measureNanos / 1e9;
    return new LoadResult(all.length, errors.get(), reconnects.get(), seconds,
        all.length / seconds, Stats.percentileOfSorted(all, 50) / 1e6,
        Stats.percentileOfSorted(all, 90) / 1e6, Stats.percentileOfSorted(all, 99) / 1e6,
        all.length == 0 ? 0 : all[all.length - 1] / 1e6);
  }

  private static void sleepUntil(long deadline) throws InterruptedException {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(Math.min(left, 50_000_000L));
    }
  }

  /** One connection's loop; latencies (ns) of requests inside the window. */
  private final class Worker implements Runnable {
    private final int index;
    private final CountDownLatch done;
    private long[] latencies = new long[1 << 14];
    private int count;
    private final byte[][] requests;
    private final ResponseReader reader = new ResponseReader();

    Worker(int index, CountDownLatch done) {
      this.index = index;
      this.done = done;
      // 1000 ids × the mix, prebuilt, so the loop allocates nothing per request.
      int ids = paths.stream().anyMatch(p -> p.contains("{id}")) ? 1000 : 1;
      requests = new byte[paths.size() * ids][];
      int n = 0;
      for (int id = 1; id <= ids; id++) {
        for (String path : paths) {
          requests[n++] = request(path.replace("{id}", Integer.toString(id)));
        }
      }
    }

    private byte[] request(String entry) {
      String headers = "\r\nHost: 127.0.0.1:" + port
          + "\r\nUser-Agent: sightline-overhead-benchmark\r\nAccept: */*\r\n";
      if (!entry.startsWith("POST ")) {
        return ("GET " + entry + " HTTP/1.1" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII);
      }
      String target = entry.substring(5).trim();
      int space = target.indexOf(' ');
      String path = space < 0 ? target : target.substring(0, space);
      byte[] body = (space < 0 ? "" : target.substring(space + 1).trim())
          .getBytes(StandardCharsets.UTF_8);
      byte[] head = ("POST " + path + " HTTP/1.1" + headers
          + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      byte[] request = Arrays.copyOf(head, head.length + body.length);
      System.arraycopy(body, 0, request, head.length, body.length);
      return request;
    }

    @Override
    public void run() {
      int next = index * 7; // Threads start at different points of the mix.
      try {
        while (!stopping) {
          try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(SOCKET_TIMEOUT_MS);
            socket.connect(new InetSocketAddress("127.0.0.1", port), SOCKET_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
            while (!stopping) {
              byte[] request = requests[next++ % requests.length];
              long begin = System.nanoTime();
              out.write(request);
              out.flush();
              int status = reader.read(in);
              long end = System.nanoTime();
              if (status < 200 || status > 299) {
                errors.incrementAndGet();
              }
              if (begin >= windowStart && end <= windowEnd) {
                record(end - begin);
              }
              if (reader.closeAfter) {
                break;
              }
            }
          } catch (IOException e) {
            if (!stopping) {
              errors.incrementAndGet();
              reconnects.incrementAndGet();
            }
          }
        }
      } finally {
        done.countDown();
      }
    }

    private void record(long nanos) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, latencies.length * 2);
      }
      latencies[count++] = nanos;
    }
  }

  /** Reads one HTTP/1.1 response with a Content-Length body (what the JDK server sends). */
  static final class ResponseReader {
    private final StringBuilder line = new StringBuilder(128);
    boolean closeAfter;

    int read(InputStream in) throws IOException {
      closeAfter = false;
      String statusLine = readLine(in);
      int space = statusLine.indexOf(' ');
      if (space < 0 || statusLine.length() < space + 4) {
        throw new IOException("bad status line: " + statusLine);
      }
      int status = Integer.parseInt(statusLine.substring(space + 1, space + 4));
      long length = 0;
      boolean chunked = false;
      while (true) {
        String header = readLine(in);
        if (header.isEmpty()) {
          break;
        }
        int colon = header.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = header.substring(0, colon).trim();
        String value = header.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Content-Length")) {
          length = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
          chunked = value.equalsIgnoreCase("chunked");
        } else if (name.equalsIgnoreCase("Connection")) {
          closeAfter = value.equalsIgnoreCase("close");
        }
      }
      if (chunked) {
        readChunked(in);
      } else {
        skip(in, length);
      }
      return status;
    }

    private void readChunked(InputStream in) throws IOException {
      while (true) {
        String size = readLine(in);
        int semicolon = size.indexOf(';');
        long length = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (length == 0) {
          while (!readLine(in).isEmpty()) {
            // trailers
          }
          return;
        }
        skip(in, length);
        readLine(in);
      }
    }

    private static void skip(InputStream in, long length) throws IOException {
      long left = length;
      while (left > 0) {
        long skipped = in.skip(left);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new IOException("connection closed inside a body");
          }
          skipped = 1;
        }
        left -= skipped;
      }
    }

    private String readLine(InputStream in) throws IOException {
      line.setLength(0);
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed");
        }
        if (b == '\n') {
          int end = line.length();
          if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
          }
          return line.toString();
        }
        line.append((char) b);
      }
    }
  }
}
