package dev.sightline.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One run of one variant: starts the app (http-app or the shop) in a fresh JVM, times the first
 * served request, puts it under load from a load generator JVM, reads its CPU, memory and class
 * figures, stops it.
 */
final class AppRun {

  private final BenchmarkOptions options;
  private final DiscardingOtlpReceiver receiver;
  private final String downstream;
  private final Path logDir;

  AppRun(BenchmarkOptions options, DiscardingOtlpReceiver receiver, String downstream)
      throws IOException {
    this.options = options;
    this.receiver = receiver;
    this.downstream = downstream;
    this.logDir = options.outputDir().resolve("logs");
    Files.createDirectories(logDir);
  }

  RunResult measure(Variant variant, int round) throws IOException, InterruptedException {
    long exportRequestsBefore = receiver.traceRequests();
    long exportBytesBefore = receiver.traceBytes();
    long exportSpansBefore = receiver.traceSpans();
    int port = freePort();
    List<String> command = appCommand(variant, port);
    Path log = logDir.resolve(variant.id() + "-" + round + ".log");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());

    long launched = System.nanoTime();
    Process app = builder.start();
    try {
      ProcessProbe probe = new ProcessProbe(app.pid());
      awaitFirstRequest(options.app(), app, port, launched, log);
      double startupSeconds = (System.nanoTime() - launched) / 1e9;
      double startupCpu = probe.cpuSeconds();
      long rssAtStart = probe.rssBytes();

      LoadOutcome load = runLoad(port, probe, variant, round);
      double totalCpu = probe.cpuSeconds();
      Map<String, Double> threadCpu = probe.cpuByThreadGroup();
      writeThreadCpu(threadCpu, variant, round);
      long peakRss = probe.peakRssBytes();
      long classes = probe.classesLoaded();
      ProcessProbe.HeapAfterGc heap = probe.heapAfterGc();
      if (!app.isAlive()) {
        throw new IllegalStateException(variant.label() + " app died during the run; see " + log);
      }
      return new RunResult(variant.id(), round, startupSeconds, startupCpu, rssAtStart,
          load.result, load.cpuSeconds, totalCpu, peakRss, heap.heapUsedBytes(),
          heap.metaspaceUsedBytes(), classes, variant.jarBytes(),
          receiver.traceRequests() - exportRequestsBefore,
          receiver.traceBytes() - exportBytesBefore, receiver.traceSpans() - exportSpansBefore,
          exportCpuSeconds(threadCpu));
    } finally {
      stop(app);
    }
  }

  /** Thread names are truncated to 15 characters by Linux ("http-app-worker", "BatchSpanProce"). */
  private void writeThreadCpu(Map<String, Double> threadCpu, Variant variant, int round)
      throws IOException {
    StringBuilder out = new StringBuilder("thread group (names as Linux truncates them),cpu_s\n");
    threadCpu.forEach((name, seconds) -> out.append(name).append(',')
        .append(String.format(java.util.Locale.ROOT, "%.2f", seconds)).append('\n'));
    Files.writeString(logDir.resolve("threads-" + variant.id() + "-" + round + ".csv"), out);
  }

  /**
   * Thread groups that do an agent's span export, by their Linux-truncated names: the SDK's batch
   * processor (both agents), Sightline's export threads, the OpenTelemetry agent's OkHttp sender.
   */
  private static final Pattern EXPORT_THREADS =
      Pattern.compile("BatchSpanProces|sightline-expor|okhttp|okio", Pattern.CASE_INSENSITIVE);

  static double exportCpuSeconds(Map<String, Double> threadCpu) {
    double seconds = 0;
    for (Map.Entry<String, Double> group : threadCpu.entrySet()) {
      if (EXPORT_THREADS.matcher(group.getKey()).lookingAt()) {
        seconds += group.getValue();
      }
    }
    return seconds;
  }

  /**
   * Starts a no-agent http-app for /chain to call; the caller stops it. It gets none of the
   * --app-jvm-arg options: a flight recording's file name, for one, would be written by both.
   */
  static Process startDownstream(BenchmarkOptions options, int port) throws IOException,
      InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(options.javaHome().resolve("bin/java").toString());
    command.addAll(List.of("-cp", options.appClasses().toString(),
        BenchmarkedApp.HTTP_APP.mainClass(), "--port", Integer.toString(port)));
    Path log = options.outputDir().resolve("logs").resolve("downstream.log");
    Files.createDirectories(log.getParent());
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    awaitFirstRequest(BenchmarkedApp.HTTP_APP, process, port, System.nanoTime(), log);
    return process;
  }

  private List<String> appCommand(Variant variant, int port) {
    List<String> command = new ArrayList<>();
    command.add(options.javaHome().resolve("bin/java").toString());
    BenchmarkedApp benchmarked = options.app();
    command.addAll(benchmarked.jvmArgs());
    command.addAll(options.appJvmArgs());
    command.addAll(variant.jvmArgs(benchmarked.id(), receiver.endpoint(), freePort()));
    command.addAll(List.of("-cp", benchmarked.classpath(options.appClasses()),
        benchmarked.mainClass(), "--port", Integer.toString(port)));
    if (downstream != null) {
      command.addAll(List.of("--downstream", downstream));
    }
    return command;
  }

  /** Polls the app's start-up GET (/hello for http-app) every few ms until the first 200. */
  private static void awaitFirstRequest(BenchmarkedApp benchmarked, Process app, int port,
      long launched, Path log) throws InterruptedException {
    LoadGenerator.ResponseReader reader = new LoadGenerator.ResponseReader();
    long timeout = TimeUnit.SECONDS.toNanos(benchmarked.startupTimeoutSeconds());
    byte[] request = ("GET " + benchmarked.startupPath() + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    String last = "no attempt";
    while (System.nanoTime() - launched < timeout) {
      try (Socket socket = new Socket()) {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        InputStream in = socket.getInputStream();
        int status = reader.read(in);
        if (status == 200) {
          return;
        }
        last = "status " + status;
      } catch (IOException e) {
        last = e.toString();
      }
      if (!app.isAlive()) {
        throw new IllegalStateException("app exited with " + app.exitValue()
            + " before serving a request; see " + log);
      }
      Thread.sleep(2);
    }
    throw new IllegalStateException("no 200 from " + benchmarked.startupPath() + " within "
        + benchmarked.startupTimeoutSeconds() + " s (" + last + "); see " + log);
  }

  private record LoadOutcome(LoadResult result, double cpuSeconds) {}

  private LoadOutcome runLoad(int port, ProcessProbe probe, Variant variant, int round)
      throws IOException, InterruptedException {
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-Xms64m", "-Xmx512m",
        "-cp", System.getProperty("java.class.path"),
        LoadGenerator.class.getName(),
        Integer.toString(port), Integer.toString(options.connections()),
        Double.toString(options.warmupSeconds()), Double.toString(options.measureSeconds()),
        options.mix());
    Path log = logDir.resolve("load-" + variant.id() + "-" + round + ".log");
    Process generator = new ProcessBuilder(command).redirectError(log.toFile()).start();
    long deadline = System.nanoTime() + (long) ((options.warmupSeconds()
        + options.measureSeconds() + 60) * 1e9);
    Thread watchdog = new Thread(() -> {
      try {
        if (!generator.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          generator.destroyForcibly();
        }
      } catch (InterruptedException e) {
        generator.destroyForcibly();
      }
    }, "load-generator-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();

    double cpuAtWindowStart = Double.NaN;
    double cpuAtWindowEnd = Double.NaN;
    LoadResult result = null;
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(generator.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.equals(LoadGenerator.MEASURING)) {
          long windowStart = System.nanoTime();
          cpuAtWindowStart = probe.cpuSeconds();
          long windowEnd = windowStart + (long) (options.measureSeconds() * 1e9);
          long left;
          while ((left = windowEnd - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
          }
          cpuAtWindowEnd = probe.cpuSeconds();
        } else if (line.startsWith(LoadGenerator.RESULT_PREFIX)) {
          result = LoadResult.fromJson(line.substring(LoadGenerator.RESULT_PREFIX.length()));
        }
      }
    }
    generator.waitFor(10, TimeUnit.SECONDS);
    if (result == null) {
      throw new IllegalStateException("the load generator printed no result; see " + log);
    }
    return new LoadOutcome(result, cpuAtWindowEnd - cpuAtWindowStart);
  }

  static void stop(Process process) throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }
}
