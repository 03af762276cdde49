package dev.sightline.benchmark;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one tool in a fresh JVM with one variant's agent flags, feeds its output to the scenario's
 * reader and to a log file, and stops it once the window is covered or when it hangs.
 */
final class MessagingToolRun {

  /** The tools' JVM heap in every variant, as Kafka's perf-test scripts give theirs. */
  static final String TOOL_HEAP = "-Xmx512m";

  private final MessagingOptions options;
  private final DiscardingOtlpReceiver receiver;
  private final Path logDir;

  MessagingToolRun(MessagingOptions options, DiscardingOtlpReceiver receiver, Path logDir) {
    this.options = options;
    this.receiver = receiver;
    this.logDir = logDir;
  }

  MessagingRunResult run(MessagingScenario scenario, MessagingTool tool, Variant variant, int round,
      String target, String topic) throws IOException, InterruptedException {
    long requestsBefore = receiver.traceRequests();
    long bytesBefore = receiver.traceBytes();
    int sightlinePort = AppRun.freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(TOOL_HEAP);
    command.addAll(variant.jvmArgs(scenario.serviceName(), receiver.endpoint(), sightlinePort));
    command.addAll(List.of("-cp", tool.classpath(), scenario.mainClass()));
    command.addAll(scenario.arguments(options, target, topic));

    Path log = logDir.resolve(scenario.id() + "-" + variant.id() + "-" + round + ".log");
    MessagingToolOutput output = scenario.output(options);
    MessagingAgentLog agentLog = new MessagingAgentLog();
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    AtomicBoolean timedOut = new AtomicBoolean();
    Thread watchdog = watchdog(process, scenario.timeoutSeconds(options), timedOut);
    MessagingSightlineScrape scrape = variant.id().equals("sightline")
        ? new MessagingSightlineScrape(sightlinePort) : null;
    boolean stopped = false;
    try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter out = Files.newBufferedWriter(log)) {
      // The class path is long and the same for every run of a tool: name its file instead.
      out.write("# " + String.join(" ", command).replace(tool.classpath(),
          "$(cat " + options.toolsDir().resolve(tool.kind().file() + ".classpath") + ")"));
      out.newLine();
      String line;
      while ((line = lines.readLine()) != null) {
        out.write(line);
        out.newLine();
        output.line(line);
        agentLog.line(line);
        if (!stopped && output.complete()) {
          stopped = true;
          if (scrape != null) {
            scrape.scrape();
          }
          // SIGTERM, so that both agents run their shutdown flush as on any orderly exit.
          // Through the handle: Process.destroy() would also close the output still to be read.
          process.toHandle().destroy();
          forceAfter(process, 20);
        }
      }
    } finally {
      if (scrape != null) {
        scrape.close();
      }
      watchdog.interrupt();
      AppRun.stop(process);
    }
    double wallSeconds = (System.nanoTime() - started) / 1e9;
    String ending = timedOut.get() ? "timed out after " + (int) scenario.timeoutSeconds(options) + " s"
        : stopped ? "stopped after the window" : "exit " + process.exitValue();
    return new MessagingRunResult(scenario, variant.id(), round, output.figures(), ending,
        wallSeconds, agentLog.warnings(), agentLog.errors(), agentLog.droppedSpans(), agentLog.examples(),
        receiver.traceRequests() - requestsBefore, receiver.traceBytes() - bytesBefore,
        scrape == null ? Double.NaN : scrape.exported(),
        scrape == null ? Double.NaN : scrape.dropped(), log);
  }

  /** A tool that ignores SIGTERM must not hold the benchmark up until the run's timeout. */
  private static void forceAfter(Process process, long seconds) {
    Thread killer = new Thread(() -> {
      try {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
          process.toHandle().destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.toHandle().destroyForcibly();
      }
    }, "messaging-tool-stop");
    killer.setDaemon(true);
    killer.start();
  }

  private static Thread watchdog(Process process, double seconds, AtomicBoolean timedOut) {
    Thread watchdog = new Thread(() -> {
      try {
        if (!process.waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS)) {
          timedOut.set(true);
          process.toHandle().destroyForcibly();
        }
      } catch (InterruptedException e) {
        // The run ended first.
      }
    }, "messaging-tool-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    return watchdog;
  }
}
