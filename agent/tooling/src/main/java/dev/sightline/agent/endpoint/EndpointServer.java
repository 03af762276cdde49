package dev.sightline.agent.endpoint;

import dev.sightline.agent.telemetry.AgentThreads;
import dev.sightline.bootstrap.AgentLog;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A deliberately small HTTP/1.1 server (GET and HEAD, one request per connection) for the
 * agent's endpoint. Not com.sun.net.httpserver: the JDK reads its {@code sun.net.httpserver.*}
 * settings once, at first use, so a server started in premain would fix them before the
 * application's main() sets its own (TCP_NODELAY among them).
 */
public final class EndpointServer implements Closeable {

  /** Handles one exchange; must set a response. */
  interface Route {
    void handle(EndpointExchange exchange) throws IOException;
  }

  private static final int MAX_HEAD_BYTES = 16 * 1024;
  private static final int SOCKET_TIMEOUT_MILLIS = 10_000;

  private final ServerSocket socket;
  private final Map<String, Route> routes;
  private final ThreadPoolExecutor workers;
  private volatile boolean closed;

  private EndpointServer(ServerSocket socket, Map<String, Route> routes) {
    this.socket = socket;
    this.routes = routes;
    this.workers =
        new ThreadPoolExecutor(
            0, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(32), new AgentThreads("endpoint-worker"),
            (task, pool) -> ((Connection) task).reject());
  }

  static EndpointServer start(String host, int port, Map<String, Route> routes) throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port), 50);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    EndpointServer server = new EndpointServer(socket, routes);
    new AgentThreads("endpoint").newThread(server::acceptLoop).start();
    return server;
  }

  public int port() {
    return socket.getLocalPort();
  }

  public String address() {
    InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
    return local.getHostString() + ':' + local.getPort();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = socket.accept();
        workers.execute(new Connection(client));
      } catch (IOException e) {
        if (!closed) {
          AgentLog.warnOnce("endpoint-accept", "endpoint accept failed", e);
        }
      } catch (RuntimeException e) {
        AgentLog.warnOnce("endpoint-accept-rt", "endpoint accept failed", e);
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    workers.shutdownNow();
    socket.close();
  }

  private final class Connection implements Runnable {
    private final Socket client;

    Connection(Socket client) {
      this.client = client;
    }

    void reject() {
      try (Socket ignored = client) {
        write(client.getOutputStream(), 503, "text/plain; charset=utf-8", "busy\n".getBytes(StandardCharsets.UTF_8), false, null);
      } catch (IOException e) {
        // the scraper will retry
      }
    }

    @Override
    public void run() {
      try (Socket ignored = client) {
        client.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
        client.setTcpNoDelay(true);
        serve(new BufferedInputStream(client.getInputStream()), client.getOutputStream());
      } catch (SocketException e) {
        // client went away
      } catch (IOException | RuntimeException e) {
        AgentLog.warnOnce("endpoint-serve:" + e.getClass().getName(), "endpoint request failed", e);
      }
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
      List<String> head = readHead(in);
      if (head == null || head.isEmpty()) {
        write(out, 400, "text/plain; charset=utf-8", "bad request\n".getBytes(StandardCharsets.UTF_8), false, null);
        return;
      }
      String[] requestLine = head.get(0).split(" ");
      if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/")) {
        write(out, 400, "text/plain; charset=utf-8", "bad request\n".getBytes(StandardCharsets.UTF_8), false, null);
        return;
      }
      String method = requestLine[0];
      String target = requestLine[1];
      int question = target.indexOf('?');
      String path = question < 0 ? target : target.substring(0, question);
      String query = question < 0 ? null : target.substring(question + 1);
      Map<String, List<String>> headers = new HashMap<>();
      for (int i = 1; i < head.size(); i++) {
        String line = head.get(i);
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers
              .computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
              .add(line.substring(colon + 1).trim());
        }
      }
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        write(out, 405, "text/plain; charset=utf-8", "only GET and HEAD\n".getBytes(StandardCharsets.UTF_8), false, null);
        return;
      }
      EndpointExchange exchange = new EndpointExchange(method, path, query, headers);
      Route route = routes.get(path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
      if (route == null) {
        exchange.respond(404, "text/plain; charset=utf-8", "not found; try /metrics /health /ready /live /traces\n");
      } else {
        try {
          route.handle(exchange);
        } catch (RuntimeException e) {
          AgentLog.warnOnce("endpoint-route:" + path, "endpoint route " + path + " failed", e);
          exchange.respond(500, "text/plain; charset=utf-8", "internal error\n");
        }
      }
      write(out, exchange.status(), null, exchange.body(), exchange.isHead(), exchange.responseHeaders());
    }
  }

  /** Request line and header lines, or null when the head is larger than allowed. */
  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int total = 0;
    int b;
    while ((b = in.read()) != -1) {
      if (++total > MAX_HEAD_BYTES) {
        return null;
      }
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1.name());
        if (text.endsWith("\r")) {
          text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
        line.reset();
      } else {
        line.write(b);
      }
    }
    return lines;
  }

  private static void write(
      OutputStream out, int status, String contentType, byte[] body, boolean head, Map<String, String> headers)
      throws IOException {
    StringBuilder response = new StringBuilder(256);
    response.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    if (contentType != null) {
      response.append("Content-Type: ").append(contentType).append("\r\n");
    }
    if (headers != null) {
      for (Map.Entry<String, String> header : headers.entrySet()) {
        if (!header.getKey().equalsIgnoreCase("Content-Length")) {
          response.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
      }
    }
    response.append("Content-Length: ").append(body.length).append("\r\n");
    response.append("Cache-Control: no-store\r\nConnection: close\r\n\r\n");
    out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!head) {
      out.write(body);
    }
    out.flush();
  }

  private static String reason(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 400:
        return "Bad Request";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 406:
        return "Not Acceptable";
      case 503:
        return "Service Unavailable";
      default:
        return status >= 500 ? "Server Error" : "Status";
    }
  }
}
