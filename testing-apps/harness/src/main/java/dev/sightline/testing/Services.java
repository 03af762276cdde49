package dev.sightline.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's own servers (RabbitMQ, PostgreSQL, ...) that tests use for real. A missing one
 * fails the test in CI ({@code CI=true}) and skips it elsewhere, saying how to start it.
 */
public final class Services {

  private Services() {}

  /** True when the environment says this is CI ({@code CI=true}). */
  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Checks that something accepts TCP connections on {@code host:port}; otherwise fails (CI) or
   * aborts (skips) the calling test or class.
   *
   * @param what the service's name, e.g. "RabbitMQ"
   * @param howToStart a hint for the message, e.g. "testing-apps/services.sh ensure"
   */
  public static void requireTcp(String what, String host, int port, String howToStart) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2_000);
    } catch (IOException e) {
      unavailable(what + " is not reachable at " + host + ":" + port + " (" + e + "); start it with `"
          + howToStart + "`");
    }
  }

  /** Fails in CI, otherwise aborts with {@code why} (printed too: an aborted class shows as 0 tests). */
  public static void unavailable(String why) {
    if (inCi()) {
      Assertions.fail(why);
    }
    System.err.println("[tests] SKIPPED (set CI=true to fail instead): " + why);
    Assumptions.abort(why);
  }
}
