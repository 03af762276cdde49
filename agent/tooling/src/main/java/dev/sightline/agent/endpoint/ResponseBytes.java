package dev.sightline.agent.endpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** A whole HTTP/1.1 response as bytes: every answer of the endpoint is buffered, then written. */
final class ResponseBytes {

  /** Smaller bodies are not worth the CPU of compressing them. */
  private static final int GZIP_FROM_BYTES = 16 * 1024;

  private ResponseBytes() {}

  /** A short plain-text answer: errors, refusals. */
  static ByteBuffer text(int status, String line, boolean head, Map<String, String> extraHeaders) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/plain; charset=utf-8");
    if (extraHeaders != null) {
      headers.putAll(extraHeaders);
    }
    return of(status, headers, (line + "\n").getBytes(StandardCharsets.UTF_8), head);
  }

  /** The exchange's answer, gzipped when the client takes it and the body is large and not compressed yet. */
  static ByteBuffer of(EndpointExchange exchange, String acceptEncoding) {
    byte[] body = exchange.body();
    Map<String, String> headers = exchange.responseHeaders();
    if (body.length >= GZIP_FROM_BYTES && acceptsGzip(acceptEncoding) && !hasHeader(headers, "Content-Encoding")) {
      body = gzip(body);
      headers.put("Content-Encoding", "gzip");
      headers.put("Vary", "Accept-Encoding");
    }
    return of(exchange.status(), headers, body, exchange.isHead());
  }

  static ByteBuffer of(int status, Map<String, String> headers, byte[] body, boolean head) {
    StringBuilder response = new StringBuilder(256);
    response.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey();
      if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Connection")
          && !name.equalsIgnoreCase("Transfer-Encoding")) {
        response.append(name).append(": ").append(header.getValue()).append("\r\n");
      }
    }
    response.append("Content-Length: ").append(body.length).append("\r\n");
    if (!hasHeader(headers, "Cache-Control")) {
      response.append("Cache-Control: no-store\r\n");
    }
    response.append("X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n");
    byte[] start = response.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer bytes = ByteBuffer.allocate(start.length + (head ? 0 : body.length));
    bytes.put(start);
    if (!head) {
      bytes.put(body);
    }
    bytes.flip();
    return bytes;
  }

  private static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String coding : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
      String[] parts = coding.trim().split(";");
      if (parts[0].trim().equals("gzip")) {
        return parts.length == 1 || !parts[1].replace(" ", "").matches("q=0(\\.0*)?");
      }
    }
    return false;
  }

  private static boolean hasHeader(Map<String, String> headers, String name) {
    for (String key : headers.keySet()) {
      if (key.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out, 8192)) {
      zip.write(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  static String reason(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 304:
        return "Not Modified";
      case 400:
        return "Bad Request";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 406:
        return "Not Acceptable";
      case 408:
        return "Request Timeout";
      case 414:
        return "URI Too Long";
      case 431:
        return "Request Header Fields Too Large";
      case 500:
        return "Internal Server Error";
      case 503:
        return "Service Unavailable";
      case 505:
        return "HTTP Version Not Supported";
      default:
        return status >= 500 ? "Server Error" : "Status";
    }
  }
}
