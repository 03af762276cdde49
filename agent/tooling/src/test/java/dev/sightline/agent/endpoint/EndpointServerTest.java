package dev.sightline.agent.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndpointServerTest {

  private EndpointServer server;

  @BeforeEach
  void start() throws IOException {
    server =
        EndpointServer.start(
            "127.0.0.1",
            0,
            Map.of(
                "/hello", exchange -> exchange.respond(200, "text/plain", "hi " + exchange.getParameter("name")),
                "/fails", exchange -> {
                  throw new IllegalStateException("route bug");
                }));
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private String request(String raw) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      in.transferTo(response);
      return response.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void servesGetWithQueryParameters() throws IOException {
    String response = request("GET /hello?name=sightline HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
    assertTrue(response.contains("Content-Length: 12\r\n"), response);
    assertTrue(response.endsWith("hi sightline"), response);
  }

  @Test
  void headHasNoBody() throws IOException {
    String response = request("HEAD /hello HTTP/1.1\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 200"), response);
    assertTrue(response.endsWith("\r\n\r\n"), response);
  }

  @Test
  void unknownPathMethodAndGarbage() throws IOException {
    assertTrue(request("GET /nope HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 404"));
    assertTrue(request("POST /hello HTTP/1.1\r\nContent-Length: 0\r\n\r\n").startsWith("HTTP/1.1 405"));
    assertTrue(request("garbage\r\n\r\n").startsWith("HTTP/1.1 400"));
    assertTrue(request("GET /hello HTTP/1.1\r\nX: " + "a".repeat(20_000) + "\r\n\r\n").startsWith("HTTP/1.1 400"));
  }

  @Test
  void aFailingRouteAnswers500AndTheServerGoesOn() throws IOException {
    assertTrue(request("GET /fails HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 500"));
    assertTrue(request("GET /hello HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 200"));
  }

  @Test
  void aBoundPortIsReported() {
    IOException error =
        org.junit.jupiter.api.Assertions.assertThrows(
            IOException.class, () -> EndpointServer.start("127.0.0.1", server.port(), Map.of()));
    assertTrue(error.getMessage() != null);
    assertEquals(server.port(), server.port());
  }
}
