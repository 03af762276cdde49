package dev.sightline.agent.endpoint;

import dev.sightline.agent.telemetry.AgentThreads;
import dev.sightline.bootstrap.AgentLog;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deliberately small HTTP/1.1 server (GET and HEAD, one request per connection) for the
 * agent's endpoint. Not com.sun.net.httpserver: the JDK reads its {@code sun.net.httpserver.*}
 * settings once, at first use, so a server started in premain would fix them before the
 * application's main() sets its own (TCP_NODELAY among them).
 *
 * <p>One selector thread does all the socket I/O: it reads heads as they trickle in and writes
 * answers as clients take them, so an idle or slow client costs a few hundred bytes and never a
 * thread. Only complete, checked, permitted requests reach a route, on a small pool; /health,
 * /ready and /live have a thread of their own, so a burst of scrapes or trace views never
 * delays a probe. Everything is bounded ({@link EndpointLimits}).
 */
public final class EndpointServer implements Closeable {

  /** Handles one exchange; must set a response. */
  interface Route {
    void handle(EndpointExchange exchange) throws IOException;
  }

  private static final long TICK_MILLIS = 200;
  /** After its answer, a connection is read to its end for this long, so unread request bytes never reset it. */
  private static final long LINGER_MILLIS = 1_000;
  private static final int READ_BUFFER_BYTES = 16 * 1024;
  private static final int ACCEPT_BACKLOG = 1024;
  /**
   * Far below the connection limit: past the limit each accept closes the oldest connection still
   * sending its head, and a batch as large as the limit would close connections of its own batch
   * (a probe's among them) before their request, already sent, was ever read.
   */
  private static final int ACCEPTS_PER_WAKEUP = 64;

  private final ServerSocketChannel channel;
  private final String requestedHost;
  private final Selector selector;
  private final Map<String, Route> routes;
  private final Set<String> probeRoutes;
  private final EndpointAccess access;
  private final EndpointLimits limits;
  private final ThreadPoolExecutor workers;
  private final ThreadPoolExecutor probes;
  private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
  /** Connections still sending their heads, oldest first: the ones to close when too many are open. */
  private final Set<Connection> reading = new LinkedHashSet<>();
  /** Answers made on worker threads, for the selector thread to write. */
  private final Queue<Connection> answered = new ConcurrentLinkedQueue<>();
  private final AtomicLong pendingResponseBytes = new AtomicLong();
  private final Thread selectorThread;
  private int openConnections;
  private volatile boolean closed;

  private EndpointServer(
      ServerSocketChannel channel,
      String requestedHost,
      Selector selector,
      Map<String, Route> routes,
      Set<String> probeRoutes,
      EndpointAccess access,
      EndpointLimits limits) {
    this.channel = channel;
    this.requestedHost = requestedHost;
    this.selector = selector;
    this.routes = routes;
    this.probeRoutes = probeRoutes;
    this.access = access;
    this.limits = limits;
    this.workers = pool(limits.workers, limits.queuedRequests, "endpoint-worker");
    // Probes are cheap and come in bursts (several kubelets, a monitoring fleet): a deeper queue.
    this.probes = pool(1, 4 * limits.queuedRequests, "endpoint-probe");
    this.selectorThread = new AgentThreads("endpoint").newThread(this::loop);
  }

  /** Every route open to every client, default limits: for tests. */
  static EndpointServer start(String host, int port, Map<String, Route> routes) throws IOException {
    return start(host, port, routes, Set.of(), EndpointAccess.everyone(), EndpointLimits.defaults());
  }

  static EndpointServer start(
      String host,
      int port,
      Map<String, Route> routes,
      Set<String> probeRoutes,
      EndpointAccess access,
      EndpointLimits limits)
      throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    Selector selector = null;
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      // A burst of connects beyond the backlog is dropped by the kernel and retried by the client a
      // second later, too late for a probe; the kernel caps this at net.core.somaxconn.
      channel.bind(new InetSocketAddress(host, port), ACCEPT_BACKLOG);
      channel.configureBlocking(false);
      selector = Selector.open();
      channel.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException | RuntimeException e) {
      channel.close();
      if (selector != null) {
        selector.close();
      }
      throw e;
    }
    EndpointServer server = new EndpointServer(channel, host, selector, routes, probeRoutes, access, limits);
    server.selectorThread.start();
    return server;
  }

  public int port() {
    return channel.socket().getLocalPort();
  }

  public String address() {
    InetSocketAddress local = (InetSocketAddress) channel.socket().getLocalSocketAddress();
    // a channel bound to 0.0.0.0 reports the IPv6 wildcard; say what the user asked for
    String host = local.getAddress().isAnyLocalAddress() ? requestedHost : local.getHostString();
    return host + ':' + local.getPort();
  }

  /** Who gets /traces and the viewer, for the start-up line. */
  public String accessSummary() {
    return access.summary();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    selector.wakeup();
    try {
      selectorThread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
    probes.shutdownNow();
    channel.close();
  }

  private static ThreadPoolExecutor pool(int threads, int queued, String name) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(
        threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queued), new AgentThreads(name));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  // --- the selector thread

  private void loop() {
    while (!closed) {
      try {
        selector.select(TICK_MILLIS);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          handle(key);
        }
        writeAnswers();
        expire(System.currentTimeMillis());
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          AgentLog.warnOnce("endpoint-loop:" + e.getClass().getName(), "endpoint I/O failed", e);
        }
      }
    }
    for (SelectionKey key : new ArrayList<>(selector.keys())) {
      if (key.attachment() instanceof Connection) {
        close((Connection) key.attachment());
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private void handle(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    if (key.isAcceptable()) {
      acceptAll();
      return;
    }
    Connection connection = (Connection) key.attachment();
    try {
      if (key.isWritable()) {
        write(connection);
      } else if (key.isReadable()) {
        read(connection);
      }
    } catch (IOException | RuntimeException e) {
      // the client went away, or reset the connection
      close(connection);
    }
  }

  private void acceptAll() {
    for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
      SocketChannel client;
      try {
        client = channel.accept();
      } catch (IOException e) {
        if (!closed) {
          AgentLog.warnOnce("endpoint-accept", "endpoint accept failed", e);
        }
        return;
      }
      if (client == null) {
        return;
      }
      Connection connection = new Connection(client, new RequestParser(limits));
      try {
        client.configureBlocking(false);
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        connection.remote = ((InetSocketAddress) client.getRemoteAddress()).getAddress();
        connection.key = client.register(selector, SelectionKey.OP_READ, connection);
      } catch (IOException | RuntimeException e) {
        closeQuietly(client);
        continue;
      }
      openConnections++;
      reading.add(connection);
      connection.deadline = System.currentTimeMillis() + limits.headTimeoutMillis;
      if (openConnections > limits.maxConnections) {
        // The oldest connection still sending its head: an idle or slow one, not a probe whose
        // request arrives in one packet right after its connect.
        close(reading.iterator().next());
      }
    }
  }

  private void read(Connection connection) throws IOException {
    readBuffer.clear();
    int n = connection.channel.read(readBuffer);
    if (n < 0) {
      close(connection);
      return;
    }
    if (connection.state == Connection.State.LINGERING) {
      return;
    }
    readBuffer.flip();
    RequestParser.State state = connection.parser.feed(readBuffer);
    if (state == RequestParser.State.FAILED) {
      answerNow(connection, connection.parser.failureStatus(), connection.parser.failureReason(), false,
          connection.parser.failureStatus() == 405 ? Map.of("Allow", "GET, HEAD") : null);
    } else if (state == RequestParser.State.DONE) {
      dispatch(connection, connection.parser.head());
    }
  }

  private void dispatch(Connection connection, RequestHead head) {
    boolean isHead = head.method.equals("HEAD");
    String routeKey = head.path.length() > 1 && head.path.endsWith("/")
        ? head.path.substring(0, head.path.length() - 1)
        : head.path;
    Route route = routes.get(routeKey);
    if (route == null) {
      answerNow(connection, 404, "not found; try /metrics /health /ready /live /traces or / for the trace viewer", isHead, null);
      return;
    }
    String refusal = access.refusal(routeKey, connection.remote, head);
    if (refusal != null) {
      answerNow(connection, 403, refusal, isHead, null);
      return;
    }
    reading.remove(connection);
    connection.state = Connection.State.PROCESSING;
    connection.key.interestOps(0);
    EndpointExchange exchange = new EndpointExchange(head.method, head.path, head.query, head.headers);
    ThreadPoolExecutor pool = probeRoutes.contains(routeKey) ? probes : workers;
    try {
      pool.execute(() -> run(connection, route, routeKey, exchange, head.header("accept-encoding")));
    } catch (RejectedExecutionException e) {
      answerNow(connection, 503, "busy; try again", isHead, Map.of("Retry-After", "1"));
    }
  }

  private void answerNow(Connection connection, int status, String line, boolean head, Map<String, String> headers) {
    reading.remove(connection);
    ByteBuffer response = ResponseBytes.text(status, line, head, headers);
    pendingResponseBytes.addAndGet(response.remaining());
    startWriting(connection, response);
  }

  private void writeAnswers() {
    Connection connection;
    while ((connection = answered.poll()) != null) {
      ByteBuffer response = connection.answer;
      connection.answer = null;
      if (connection.state == Connection.State.CLOSED) {
        pendingResponseBytes.addAndGet(-response.remaining());
      } else {
        startWriting(connection, response);
      }
    }
  }

  private void startWriting(Connection connection, ByteBuffer response) {
    connection.out = response;
    connection.state = Connection.State.WRITING;
    connection.deadline = System.currentTimeMillis() + limits.writeTimeoutMillis;
    try {
      connection.key.interestOps(SelectionKey.OP_WRITE);
      write(connection);
    } catch (IOException | RuntimeException e) {
      close(connection);
    }
  }

  private void write(Connection connection) throws IOException {
    if (connection.state != Connection.State.WRITING) {
      return;
    }
    int before = connection.out.remaining();
    connection.channel.write(connection.out);
    pendingResponseBytes.addAndGet(connection.out.remaining() - before);
    if (connection.out.hasRemaining()) {
      return;
    }
    connection.out = null;
    connection.channel.shutdownOutput();
    connection.state = Connection.State.LINGERING;
    connection.deadline = System.currentTimeMillis() + LINGER_MILLIS;
    connection.key.interestOps(SelectionKey.OP_READ);
  }

  private void expire(long now) {
    for (SelectionKey key : selector.keys()) {
      Object attachment = key.attachment();
      if (!(attachment instanceof Connection)) {
        continue;
      }
      Connection connection = (Connection) attachment;
      if (connection.state == Connection.State.PROCESSING || now < connection.deadline) {
        continue;
      }
      if (connection.state == Connection.State.READING && connection.parser.sawAnyByte()) {
        answerNow(connection, 408, "request head not complete within " + limits.headTimeoutMillis + " ms", false, null);
        if (connection.state == Connection.State.WRITING) {
          // one short chance to take the 408: this client was slow already
          connection.deadline = now + TICK_MILLIS;
        }
      } else {
        close(connection);
      }
    }
  }

  private void close(Connection connection) {
    if (connection.state == Connection.State.CLOSED) {
      return;
    }
    if (connection.out != null) {
      pendingResponseBytes.addAndGet(-connection.out.remaining());
      connection.out = null;
    }
    connection.state = Connection.State.CLOSED;
    reading.remove(connection);
    if (connection.key != null) {
      connection.key.cancel();
    }
    closeQuietly(connection.channel);
    openConnections--;
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }

  // --- worker threads

  private void run(Connection connection, Route route, String routeKey, EndpointExchange exchange, String acceptEncoding) {
    ByteBuffer response;
    try {
      route.handle(exchange);
      if (!exchange.responded()) {
        exchange.respond(500, "text/plain; charset=utf-8", "internal error: no answer\n");
      }
      response = ResponseBytes.of(exchange, acceptEncoding);
    } catch (IOException | RuntimeException | LinkageError e) {
      AgentLog.warnOnce("endpoint-route:" + routeKey, "endpoint route " + routeKey + " failed", e);
      response = ResponseBytes.text(500, "internal error", exchange.isHead(), null);
    }
    if (pendingResponseBytes.addAndGet(response.remaining()) > limits.maxPendingResponseBytes) {
      pendingResponseBytes.addAndGet(-response.remaining());
      response = ResponseBytes.text(503, "busy: too many answers not read yet; try again", exchange.isHead(), Map.of("Retry-After", "1"));
      pendingResponseBytes.addAndGet(response.remaining());
    }
    connection.answer = response;
    answered.add(connection);
    selector.wakeup();
  }

  /** One client connection; touched by the selector thread only (the answer crosses over through {@link #answered}). */
  private static final class Connection {
    enum State {
      READING,
      PROCESSING,
      WRITING,
      LINGERING,
      CLOSED
    }

    final SocketChannel channel;
    final RequestParser parser;
    SelectionKey key;
    InetAddress remote;
    State state = State.READING;
    long deadline;
    ByteBuffer out;
    ByteBuffer answer;

    Connection(SocketChannel channel, RequestParser parser) {
      this.channel = channel;
      this.parser = parser;
    }
  }

  /** For tests: connections open right now (read on the selector thread, so approximate). */
  int openConnections() {
    return openConnections;
  }
}
