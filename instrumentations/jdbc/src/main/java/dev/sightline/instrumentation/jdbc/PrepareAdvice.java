package dev.sightline.instrumentation.jdbc;

import dev.sightline.bootstrap.Handlers;
import net.bytebuddy.asm.Advice;

/**
 * {@code Connection.prepareStatement} / {@code prepareCall}: remembers the SQL of the returned
 * statement, which its execute methods do not receive. Every level of a pool's wrapping records
 * its own statement object.
 */
public final class PrepareAdvice {

  private PrepareAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.This Object connection, @Advice.Argument(0) String sql, @Advice.Return Object statement) {
    Handlers.get(Handlers.JDBC_CONNECTION_PREPARE).exit(sql, connection, statement, null);
  }
}
