package dev.sightline.agent.config;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Runs code with System.err captured, as the agent logs there. */
public final class LogCapture {

  private LogCapture() {}

  public static synchronized String stderr(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  public static <T> T value(Supplier<T> action) {
    Object[] result = new Object[1];
    stderr(() -> result[0] = action.get());
    @SuppressWarnings("unchecked")
    T value = (T) result[0];
    return value;
  }
}
