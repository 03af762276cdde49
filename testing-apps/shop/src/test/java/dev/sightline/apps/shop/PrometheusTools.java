package dev.sightline.apps.shop;

import dev.sightline.testing.Services;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Debian {@code prometheus} package's binaries, found on the PATH. A missing one fails the
 * test in CI ({@code CI=true}: {@code .ci/run} installs the package) and skips it elsewhere.
 */
final class PrometheusTools {

  static final String INSTALL_HINT = "apt-get install --no-install-recommends prometheus (.ci/run does it)";

  private PrometheusTools() {}

  /** What a promtool run printed (stdout and stderr) and its exit code. */
  record Result(int exitCode, String output) {}

  /** The executable {@code name} on the PATH; fails (CI) or skips the test when there is none. */
  static Path binary(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name);
      }
    }
    Services.unavailable(name + " is not installed; " + INSTALL_HINT);
    throw new AssertionError("unreachable");
  }

  /** Runs {@code promtool args...} in {@code workDir}, feeding it {@code stdin} (may be null). */
  static Result promtool(Path workDir, String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary("promtool").toString());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("promtool " + String.join(" ", args) + " did not finish within 60 s");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
