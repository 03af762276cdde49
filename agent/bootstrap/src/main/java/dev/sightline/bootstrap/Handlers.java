package dev.sightline.bootstrap;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The registry advice looks its handler up in, by a fixed slot number. Slots start as
 * {@link Handler#NOOP}, so advice woven before (or without) an install does nothing.
 */
public final class Handlers {

  public static final int JDK_HTTP_SERVER_EXCHANGE = 0;
  public static final int JDK_HTTP_SERVER_LIFECYCLE = 1;
  public static final int JAVA_HTTP_CLIENT_SEND = 2;
  public static final int JAVA_HTTP_CLIENT_SEND_ASYNC = 3;
  public static final int HTTP_URL_CONNECTION_START = 4;
  public static final int HTTP_URL_CONNECTION_RESPONSE = 5;
  public static final int JDBC_CONNECTION_PREPARE = 6;
  public static final int JDBC_STATEMENT_EXECUTE = 7;
  public static final int JDBC_STATEMENT_BATCH = 8;

  private static final int SLOTS = 64;
  private static final AtomicReferenceArray<Handler> HANDLERS = new AtomicReferenceArray<>(SLOTS);

  static {
    for (int i = 0; i < SLOTS; i++) {
      HANDLERS.set(i, Handler.NOOP);
    }
  }

  private Handlers() {}

  public static Handler get(int slot) {
    return HANDLERS.get(slot);
  }

  public static void register(int slot, Handler handler) {
    HANDLERS.set(slot, handler == null ? Handler.NOOP : handler);
  }
}
