package dev.sightline.apps.amqp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The RabbitMQ server of this machine, which the tests use for real. Missing, it fails the tests
 * in CI ({@code CI=true}) and skips them elsewhere, saying how to start it.
 */
final class RabbitBroker {

  static final String HOST = System.getenv().getOrDefault("AMQP_HOST", "127.0.0.1");
  static final int PORT = Integer.parseInt(System.getenv().getOrDefault("AMQP_PORT", "5672"));

  private RabbitBroker() {}

  static void requireRunning() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, PORT), 2_000);
    } catch (IOException e) {
      unavailable("RabbitMQ is not reachable at " + HOST + ":" + PORT + " (" + e + ");"
          + " start it with `rabbitmq-server -detached`");
    }
  }

  static void unavailable(String why) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(why);
    }
    // Surefire counts a class aborted in @BeforeAll as zero tests: say so where people look.
    System.err.println("[amqp-app tests] SKIPPED (set CI=true to fail instead): " + why);
    Assumptions.abort(why);
  }

  /** Has the broker close the connection the client named {@code connectionName}, as an operator would. */
  static void closeConnection(String connectionName, String reason) {
    String pid = null;
    for (String line : rabbitmqctl("list_connections", "pid", "client_properties", "--no-table-headers", "--quiet")) {
      if (line.contains("{\"connection_name\",\"" + connectionName + "\"}")) {
        pid = line.substring(0, line.indexOf('\t')).trim();
      }
    }
    if (pid == null) {
      fail("no broker connection named " + connectionName);
    }
    rabbitmqctl("close_connection", pid, reason);
  }

  private static List<String> rabbitmqctl(String... args) {
    List<String> command = new ArrayList<>();
    command.add("rabbitmqctl");
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " failed: " + output);
      }
      return List.of(output.split("\n"));
    } catch (IOException e) {
      unavailable("rabbitmqctl cannot run here (" + e + "); it closes the app's connection for the health test");
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
