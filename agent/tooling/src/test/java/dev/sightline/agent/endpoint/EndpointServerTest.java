package dev.sightline.agent.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoint's HTTP server: strict parsing, its limits, and staying responsive whatever clients do. */
class EndpointServerTest {

  private final List<EndpointServer> servers = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();

  private static final Map<String, EndpointServer.Route> ROUTES = Map.of(
      "/hello", exchange -> exchange.respond(200, "text/plain", "hi " + exchange.getParameter("name")),
      "/health", exchange -> exchange.respond(200, "text/plain", "UP"),
      "/big", exchange -> exchange.respond(200, "application/json", "[" + "\"abcdefgh\",".repeat(20_000) + "0]"),
      "/fails", exchange -> {
        throw new IllegalStateException("route bug");
      });

  private EndpointServer start(EndpointLimits limits, Map<String, EndpointServer.Route> routes) throws IOException {
    EndpointServer server =
        EndpointServer.start("127.0.0.1", 0, routes, Set.of("/health"), EndpointAccess.everyone(), limits);
    servers.add(server);
    return server;
  }

  private EndpointServer server() throws IOException {
    return servers.isEmpty() ? start(EndpointLimits.defaults(), ROUTES) : servers.get(0);
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    for (EndpointServer server : servers) {
      server.close();
    }
  }

  private String request(String raw) throws IOException {
    return request(server(), raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String request(EndpointServer server, byte[] raw) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(raw);
        out.flush();
      } catch (IOException e) {
        // the server may answer and close before it has read everything (an oversized head)
      }
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      in.transferTo(response);
      return response.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static int status(String response) {
    assertTrue(response.startsWith("HTTP/1.1 "), "a status line: " + response);
    return Integer.parseInt(response.substring(9, 12));
  }

  @Test
  void servesGetWithQueryParameters() throws IOException {
    String response = request("GET /hello?name=sightline HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
    assertTrue(response.contains("Content-Length: 12\r\n"), response);
    assertTrue(response.contains("Connection: close\r\n"), response);
    assertTrue(response.contains("X-Content-Type-Options: nosniff\r\n"), response);
    assertTrue(response.endsWith("hi sightline"), response);
  }

  @Test
  void headHasNoBody() throws IOException {
    String response = request("HEAD /hello HTTP/1.1\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 200"), response);
    assertTrue(response.contains("Content-Length: 7\r\n"), response);
    assertTrue(response.endsWith("\r\n\r\n"), response);
  }

  @Test
  void acceptsWhatRealClientsSend() throws IOException {
    assertEquals(200, status(request("GET /hello/ HTTP/1.0\r\n\r\n")), "trailing slash, HTTP/1.0");
    assertEquals(200, status(request("\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")), "an empty line first");
    assertEquals(200, status(request("GET /hello HTTP/1.1\nHost: x\n\n")), "bare LF line ends");
    assertTrue(request("GET /%68ello?name=a%20b HTTP/1.1\r\n\r\n").endsWith("hi a b"), "percent-encoded path and query");
    assertTrue(request("GET http://localhost:9464/hello?name=abs HTTP/1.1\r\n\r\n").endsWith("hi abs"), "absolute-form");
    assertEquals(200, status(request("GET /hello HTTP/1.1\r\nX-Empty:\r\nX-Tab: a\tb\r\n\r\n")));
    // a body after the head is left unread without resetting the connection before the answer
    String withBody = request("GET /hello HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
    assertEquals(200, status(withBody), withBody);
  }

  @Test
  void malformedRequestsGetTheStatusThatSaysWhy() throws IOException {
    Map<String, Integer> cases = new java.util.LinkedHashMap<>();
    cases.put("garbage\r\n\r\n", 400);
    cases.put("GET /hello\r\n\r\n", 400);
    cases.put("GET  /hello HTTP/1.1\r\n\r\n", 400);
    cases.put("GET /hello HTTP/1.1 x\r\n\r\n", 400);
    cases.put("GET /hello HTTP/1.1 \r\n\r\n", 400);
    cases.put("GET /hello HTTP/x.1\r\n\r\n", 400);
    cases.put("GET /hello HTTP/1.12\r\n\r\n", 400);
    cases.put("GET /hello HTTP/2.0\r\n\r\n", 505);
    cases.put("G@T /hello HTTP/1.1\r\n\r\n", 400);
    cases.put("POST /hello HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", 405);
    cases.put("DELETE /hello HTTP/1.1\r\n\r\n", 405);
    cases.put("OPTIONS * HTTP/1.1\r\n\r\n", 405);
    cases.put("get /hello HTTP/1.1\r\n\r\n", 405);
    cases.put("GET hello HTTP/1.1\r\n\r\n", 400);
    cases.put("GET /hel\u0000lo HTTP/1.1\r\n\r\n", 400);
    cases.put("GET /h\u00e9llo HTTP/1.1\r\n\r\n", 400);
    cases.put("GET /hello#x HTTP/1.1\r\n\r\n", 400);
    cases.put("GET /hello%00 HTTP/1.1\r\n\r\n", 400);
    cases.put("GET /hello%zz HTTP/1.1\r\n\r\n", 400);
    cases.put("GET /hello%c3%28 HTTP/1.1\r\n\r\n", 400);
    cases.put("GET /hello?name=%z1 HTTP/1.1\r\n\r\n", 400);
    cases.put("GET /hello HTTP/1.1\r\n folded: header\r\n\r\n", 400);
    cases.put("GET /hello HTTP/1.1\r\nX: a\r\n folded\r\n\r\n", 400);
    cases.put("GET /hello HTTP/1.1\r\nNo colon here\r\n\r\n", 400);
    cases.put("GET /hello HTTP/1.1\r\nX : space before colon\r\n\r\n", 400);
    cases.put("GET /hello HTTP/1.1\r\n: no name\r\n\r\n", 400);
    cases.put("GET /hello HTTP/1.1\r\nX: a\u0001b\r\n\r\n", 400);
    cases.put("GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
    cases.put("GET /hello HTTP/1.1\rX: bare CR\r\n\r\n", 400);
    cases.put("GET /nope HTTP/1.1\r\n\r\n", 404);
    for (Map.Entry<String, Integer> entry : cases.entrySet()) {
      String response = request(entry.getKey());
      assertEquals(entry.getValue(), status(response), entry.getKey().replace("\r\n", "\\r\\n") + " -> " + response);
      assertTrue(response.contains("Content-Type: text/plain"), response);
    }
    assertTrue(request("PUT /hello HTTP/1.1\r\n\r\n").contains("\r\nAllow: GET, HEAD\r\n"));
  }

  @Test
  void noPathLeadsOutsideTheRoutes() throws IOException {
    for (String path : List.of("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/hello/..%2f..%2fetc%2fpasswd",
        "/./hello", "/hello/%2E%2E/", "/..\\..\\windows", "/%5c..%5cetc", "//etc/passwd", "/viewer.js/../../x")) {
      String response = request("GET " + path + " HTTP/1.1\r\n\r\n");
      int status = status(response);
      assertTrue(status == 400 || status == 404, path + " -> " + response);
      assertTrue(!response.contains("root:"), response);
    }
  }

  @Test
  void oversizedRequestLineHeadersAndHeaderCount() throws IOException {
    String longUrl = "GET /hello?x=" + "a".repeat(10 * 1024) + " HTTP/1.1\r\n\r\n";
    assertEquals(414, status(request(longUrl)));
    assertEquals(200, status(request("GET /hello?x=" + "a".repeat(8_000) + " HTTP/1.1\r\n\r\n")), "just under the limit");
    assertEquals(431, status(request("GET /hello HTTP/1.1\r\nX: " + "a".repeat(20_000) + "\r\n\r\n")));
    assertEquals(431, status(request("GET /hello HTTP/1.1\r\n" + "X-Many: 1\r\n".repeat(101) + "\r\n")));
    assertEquals(200, status(request("GET /hello HTTP/1.1\r\n" + "X-Many: 1\r\n".repeat(100) + "\r\n")));
    // a megabyte of header is refused after the limit, not read and buffered to the end
    byte[] huge = ("GET /hello HTTP/1.1\r\nX: " + "b".repeat(1024 * 1024)).getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(431, status(request(server(), huge)));
  }

  @Test
  void aFailingRouteAnswers500AndTheServerGoesOn() throws IOException {
    assertEquals(500, status(request("GET /fails HTTP/1.1\r\n\r\n")));
    assertEquals(200, status(request("GET /hello HTTP/1.1\r\n\r\n")));
  }

  @Test
  void largeAnswersAreGzippedForClientsThatTakeIt() throws IOException {
    byte[] raw = request(server(), "GET /big HTTP/1.1\r\nAccept-Encoding: gzip, deflate\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))
        .getBytes(StandardCharsets.ISO_8859_1);
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    assertTrue(text.contains("Content-Encoding: gzip\r\n"), text.substring(0, 300));
    int bodyStart = text.indexOf("\r\n\r\n") + 4;
    try (InputStream unzip = new GZIPInputStream(new java.io.ByteArrayInputStream(raw, bodyStart, raw.length - bodyStart))) {
      String body = new String(unzip.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(body.startsWith("[\"abcdefgh\",") && body.endsWith(",0]"), body.substring(0, 40));
    }
    assertTrue(!request("GET /big HTTP/1.1\r\n\r\n").contains("Content-Encoding"), "not without Accept-Encoding");
    assertTrue(!request("GET /big HTTP/1.1\r\nAccept-Encoding: gzip;q=0\r\n\r\n").contains("Content-Encoding"), "not at q=0");
  }

  @Test
  void aSlowClientGets408AndAnIdleOneIsClosed() throws IOException {
    EndpointServer server = start(EndpointLimits.defaults().withTimeouts(600, 600), ROUTES);
    long started = System.nanoTime();
    Socket slow = open(server);
    slow.getOutputStream().write("GET /hel".getBytes(StandardCharsets.ISO_8859_1));
    Socket idle = open(server);
    String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    assertEquals(408, status(answer), answer);
    assertEquals(-1, idle.getInputStream().read(), "an idle connection is closed without a word");
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertTrue(millis >= 500 && millis < 3_000, millis + " ms");
  }

  @Test
  void slowAndIdleClientsDoNotDelayOthers() throws Exception {
    EndpointServer server = server();
    List<Socket> trickling = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Socket socket = open(server);
      socket.getOutputStream().write("GET /hello?name=".getBytes(StandardCharsets.ISO_8859_1));
      trickling.add(socket);
    }
    for (int i = 0; i < 100; i++) {
      open(server);
    }
    for (int round = 0; round < 3; round++) {
      for (Socket socket : trickling) {
        socket.getOutputStream().write('z');
      }
      long started = System.nanoTime();
      assertEquals(200, status(request("GET /health HTTP/1.1\r\n\r\n")));
      assertEquals(200, status(request("GET /hello HTTP/1.1\r\n\r\n")));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertTrue(millis < 1_000, "answered in " + millis + " ms next to 200 slow and idle connections");
    }
    for (Socket socket : trickling) {
      socket.getOutputStream().write(" HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertEquals(200, status(answer), "the slow clients are served too once they finish");
      assertTrue(answer.endsWith("hi zzz"), answer);
    }
  }

  @Test
  void pastTheConnectionCapTheOldestUnfinishedConnectionsAreClosed() throws Exception {
    EndpointServer server = start(EndpointLimits.defaults().withMaxConnections(20), ROUTES);
    List<Socket> idle = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      idle.add(open(server));
    }
    assertEquals(200, status(request(server, "GET /health HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))));
    int closedByServer = 0;
    for (Socket socket : idle) {
      socket.setSoTimeout(100);
      try {
        if (socket.getInputStream().read() == -1) {
          closedByServer++;
        }
      } catch (SocketTimeoutException e) {
        // still open
      }
    }
    assertTrue(closedByServer >= 40, closedByServer + " of 60 idle connections closed to stay at 20");
    assertTrue(server.openConnections() <= 20, server.openConnections() + " open");
  }

  @Test
  void probesKeepTheirOwnThreadWhenEveryWorkerIsBusy() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(2);
    Map<String, EndpointServer.Route> routes = Map.of(
        "/stuck", exchange -> {
          entered.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.respond(200, "text/plain", "finally");
        },
        "/health", exchange -> exchange.respond(200, "text/plain", "UP"));
    EndpointServer server = start(EndpointLimits.defaults(), routes);
    List<Socket> stuck = new ArrayList<>();
    for (int i = 0; i < 2 + 16; i++) {
      Socket socket = open(server);
      socket.getOutputStream().write("GET /stuck HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      stuck.add(socket);
    }
    assertTrue(entered.await(5, TimeUnit.SECONDS), "both workers busy");
    Thread.sleep(200);
    byte[] get = "GET /stuck HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    String busy = request(server, get);
    assertEquals(503, status(busy), busy);
    assertTrue(busy.contains("Retry-After: 1"), busy);
    long started = System.nanoTime();
    assertEquals(200, status(request(server, "GET /health HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))));
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 1_000);
    release.countDown();
    for (Socket socket : stuck) {
      assertEquals(200, status(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)));
    }
    assertTrue(endpointThreads() <= 4, endpointThreads() + " endpoint threads");
  }

  @Test
  void manyConcurrentClientsUseAFewThreads() throws Exception {
    EndpointServer server = server();
    List<Thread> clients = new ArrayList<>();
    List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 32; i++) {
      Thread client = new Thread(() -> {
        for (int j = 0; j < 20; j++) {
          statuses.add(statusBackingOffOn503(server));
        }
      });
      client.start();
      clients.add(client);
    }
    for (Thread client : clients) {
      client.join();
    }
    assertEquals(640, statuses.size());
    // Overload is shed with 503 + Retry-After; a client that backs off as told is served in the end.
    assertTrue(statuses.stream().allMatch(s -> s == 200), "every client is served once it backs off: " + statuses);
    assertTrue(endpointThreads() <= 4 * servers.size(), endpointThreads() + " endpoint threads");
  }

  /** One request, repeated after a pause while the server sheds load (503); the final status. */
  private int statusBackingOffOn503(EndpointServer server) {
    int status = -1;
    for (int attempt = 0; attempt < 200; attempt++) {
      try {
        status = status(request(server, "GET /hello HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
      } catch (IOException e) {
        status = -1;
      }
      if (status != 503) {
        return status;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return status;
      }
    }
    return status;
  }

  @Test
  void aBoundPortIsReported() throws IOException {
    EndpointServer server = server();
    IOException error = assertThrows(IOException.class, () -> EndpointServer.start("127.0.0.1", server.port(), Map.of()));
    assertTrue(error.getMessage() != null);
  }

  @Test
  void closingStopsTheThreadsAndFreesThePort() throws IOException {
    EndpointServer server = server();
    int port = server.port();
    open(server);
    server.close();
    servers.clear();
    EndpointServer again = EndpointServer.start("127.0.0.1", port, ROUTES);
    servers.add(again);
    assertEquals(200, status(request("GET /hello HTTP/1.1\r\n\r\n")));
  }

  private Socket open(EndpointServer server) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(5000);
    sockets.add(socket);
    return socket;
  }

  private static long endpointThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("sightline-endpoint"))
        .count();
  }
}
