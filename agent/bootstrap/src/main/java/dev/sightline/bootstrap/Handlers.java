package dev.sightline.bootstrap;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The registry advice looks its handler up in, by a fixed slot number. Slots start as
 * {@link Handler#NOOP}, so advice woven before (or without) an install does nothing.
 *
 * <p>Two kinds of slot. {@link #get} serves handlers that touch only JDK types (one per JVM).
 * {@link #forClass} serves handlers compiled against a library: the library may be loaded
 * several times (a Spring Boot jar, two webapps with their own copies), so the handler is the
 * one bound to the copy the instrumented class sees. The binding is cached on that class, so
 * after the first call a lookup is a {@link ClassValue} read and an array index, and nothing
 * here holds the application's classes or loaders.
 */
public final class Handlers {

  /** Finds the handler for a slot as seen from an instrumented class; agent side. */
  public interface Binder {
    /** Never null; {@link Handler#NOOP} where the library cannot be served. */
    Handler bind(int slot, Class<?> origin);
  }

  public static final int JDK_HTTP_SERVER_EXCHANGE = 0;
  public static final int SERVER_LIFECYCLE = 1;
  public static final int JAVA_HTTP_CLIENT_SEND = 2;
  public static final int HTTP_URL_CONNECTION = 4;
  // jdbc: 6-11
  public static final int JDBC_CONNECTION_PREPARE = 6;
  public static final int JDBC_STATEMENT_EXECUTE = 7;
  public static final int JDBC_STATEMENT_BATCH = 8;
  public static final int JDBC_STATEMENT_ADD_BATCH = 9;
  public static final int JDBC_STATEMENT_CLEAR_BATCH = 10;
  public static final int JDBC_DRIVER_CONNECT = 11;
  // kafka-clients: 12-19
  public static final int KAFKA_PRODUCER_SEND = 12;
  public static final int KAFKA_CONSUMER_RECORDS = 13;
  public static final int KAFKA_CONSUMER_POLL = 14;
  public static final int KAFKA_CONSUMER_CLOSE = 15;
  /** A framework's batch listener (Spring Kafka) takes a whole polled batch at once. */
  public static final int KAFKA_BATCH_PROCESS = 16;
  /** A framework caught what a listener threw while processing a record or batch. */
  public static final int KAFKA_PROCESS_FAILED = 17;
  // rabbitmq: 20-27
  public static final int RABBITMQ_PUBLISH = 20;
  public static final int RABBITMQ_DELIVER = 21;
  public static final int RABBITMQ_GET = 22;
  public static final int RABBITMQ_CONSUME = 23;
  public static final int RABBITMQ_CONNECTION = 24;
  /** A framework's listener container (Spring AMQP) processes a delivery on its own thread. */
  public static final int RABBITMQ_PROCESS = 25;
  // spring-rabbit
  public static final int SPRING_RABBIT_EXECUTE = 26;
  /** A framework caught what a listener threw while processing this thread's delivery. */
  public static final int RABBITMQ_PROCESS_FAILED = 27;
  // servlet: 28-33
  public static final int SERVLET_SERVICE = 28;
  public static final int SERVLET_JAVAX_SERVICE = 29;
  // apache-httpclient-5: 34-37
  public static final int APACHE_HTTPCLIENT_EXECUTE = 34;
  public static final int APACHE_HTTPCLIENT_ASYNC_EXECUTE = 35;
  // okhttp: 38-41
  public static final int OKHTTP_EXECUTE = 38;
  public static final int OKHTTP_ENQUEUE = 39;
  public static final int OKHTTP_CHAIN_START = 40;
  public static final int OKHTTP_ATTEMPT = 41;
  // servlet, continued: Tomcat's host valve, whose request is jakarta or javax by version
  public static final int SERVLET_HOST_VALVE = 42;
  /** A framework matched the request to a route template (Spring MVC, JAX-RS on servlets). */
  public static final int SERVLET_ROUTE = 43;
  // java-concurrent: the caller's context travels with tasks and threads
  public static final int CONCURRENT_SUBMIT = 44;
  public static final int CONCURRENT_RUN = 45;
  // jersey
  public static final int JAXRS_ROUTE = 46;
  // logback, log4j: the current span's ids in a log event's context
  public static final int LOGBACK_MDC = 47;
  public static final int LOG4J_CONTEXT_DATA = 48;
  // opentelemetry-api: the application's GlobalOpenTelemetry and context storage served by the agent
  public static final int OTEL_API_GLOBAL = 49;
  public static final int OTEL_API_CONTEXT_STORAGE = 50;
  // opentelemetry-instrumentation-annotations: @WithSpan methods
  public static final int OTEL_WITH_SPAN = 51;

  public static final int SLOTS = 64;
  private static final AtomicReferenceArray<Handler> HANDLERS = new AtomicReferenceArray<>(SLOTS);
  private static volatile Binder binder;
  private static final ClassValue<Handler[]> BOUND =
      new ClassValue<Handler[]>() {
        @Override
        protected Handler[] computeValue(Class<?> type) {
          return new Handler[SLOTS];
        }
      };

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

  /**
   * The handler of {@code slot} for the library copy {@code origin} (the instrumented class)
   * sees. Races are benign: the binder answers the same handler for the same copy.
   */
  public static Handler forClass(int slot, Class<?> origin) {
    Handler[] bound = BOUND.get(origin);
    Handler handler = bound[slot];
    if (handler == null) {
      Binder current = binder;
      if (current == null) {
        return Handler.NOOP;
      }
      handler = current.bind(slot, origin);
      bound[slot] = handler == null ? Handler.NOOP : handler;
      return bound[slot];
    }
    return handler;
  }

  public static void setBinder(Binder libraryBinder) {
    binder = libraryBinder;
  }
}
