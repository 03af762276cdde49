package dev.sightline.agent.export;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One kept-alive HTTP/1.1 connection to the collector, for OTLP/HTTP POSTs. A request is a
 * header block and a body written to a socket and a status line read back: the JDK
 * HttpClient's machinery (its selector thread, publishers, futures and header maps) cost more
 * than the encoding of the spans it carried. Not thread-safe: one export at a time.
 */
final class CollectorConnection implements Closeable {

  /** What the collector answered. */
  static final class Answer {
    final int status;
    final String reason;
    /** The Retry-After header in seconds, or -1. */
    final long retryAfterSeconds;

    Answer(int status, String reason, long retryAfterSeconds) {
      this.status = status;
      this.reason = reason;
      this.retryAfterSeconds = retryAfterSeconds;
    }
  }

  /** The collector closed a kept-alive connection before answering: the request may be sent again at once. */
  static final class StaleConnectionException extends IOException {
    StaleConnectionException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final int MAX_HEADER_LINE = 16 * 1024;
  private static final int MAX_HEADER_LINES = 200;

  private final String host;
  private final int port;
  private final boolean tls;
  /** The request line and headers up to the Content-Length value; ASCII (header values are checked for it). */
  private final String head;
  private volatile Socket socket;
  /** Set by {@link #abort}: the failure it causes is the collector's slowness, not a stale connection. */
  private volatile boolean aborted;
  private InputStream in;
  private OutputStream out;

  /** {@code headers}: the user's (otel.exporter.otlp.headers), with Content-Encoding when gzip is on. */
  CollectorConnection(URI endpoint, Map<String, String> headers, String userAgent) {
    this.tls = "https".equalsIgnoreCase(endpoint.getScheme());
    this.host = endpoint.getHost();
    this.port = endpoint.getPort() > 0 ? endpoint.getPort() : tls ? 443 : 80;
    String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
    if (endpoint.getRawQuery() != null) {
      path = path + '?' + endpoint.getRawQuery();
    }
    StringBuilder text = new StringBuilder(256)
        .append("POST ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host.contains(":") ? '[' + host + ']' : host);
    if (endpoint.getPort() > 0) {
      text.append(':').append(port);
    }
    text.append("\r\nUser-Agent: ").append(userAgent)
        .append("\r\nContent-Type: application/x-protobuf\r\n");
    for (Map.Entry<String, String> header : headers.entrySet()) {
      text.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    text.append("Content-Length: ");
    this.head = text.toString();
  }

  /** Puts the request head in front of the body {@code request} holds: the whole request is then one write. */
  void frame(ReverseProtoWriter request) {
    request.ascii(request.size() + "\r\n\r\n");
    request.ascii(head);
  }

  /** Sends a {@link #frame framed} request and reads the answer within {@code timeoutMillis} for each step. */
  Answer post(byte[] request, int offset, int length, int timeoutMillis) throws IOException {
    boolean wasOpen = socket != null;
    aborted = false;
    try {
      if (!wasOpen) {
        open(timeoutMillis);
      }
      socket.setSoTimeout(timeoutMillis);
      out.write(request, offset, length);
      out.flush();
      return readAnswer();
    } catch (IOException e) {
      close();
      if (aborted) {
        SocketTimeoutException timeout = new SocketTimeoutException("the collector took more than " + timeoutMillis + " ms");
        timeout.initCause(e);
        throw timeout;
      }
      if (wasOpen && !(e instanceof SocketTimeoutException)) {
        throw new StaleConnectionException("kept-alive connection closed by the collector: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private void open(int timeoutMillis) throws IOException {
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(host, port), timeoutMillis);
      plain.setTcpNoDelay(true);
      plain.setKeepAlive(true);
      Socket connected = plain;
      if (tls) {
        SSLSocket secure = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, true);
        SSLParameters parameters = secure.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        secure.setSSLParameters(parameters);
        secure.setSoTimeout(timeoutMillis);
        secure.startHandshake();
        connected = secure;
      }
      socket = connected;
      in = new BufferedInputStream(connected.getInputStream(), 8 * 1024);
      out = connected.getOutputStream();
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  private Answer readAnswer() throws IOException {
    while (true) {
      String statusLine = line();
      // HTTP/1.1 200 OK
      int firstSpace = statusLine.indexOf(' ');
      if (!statusLine.startsWith("HTTP/") || firstSpace < 0 || statusLine.length() < firstSpace + 4) {
        throw new IOException("not an HTTP answer: " + abbreviate(statusLine));
      }
      int status;
      try {
        status = Integer.parseInt(statusLine.substring(firstSpace + 1, firstSpace + 4));
      } catch (NumberFormatException e) {
        throw new IOException("not an HTTP status: " + abbreviate(statusLine));
      }
      String reason = statusLine.length() > firstSpace + 5 ? statusLine.substring(firstSpace + 5).trim() : "";
      boolean keepAlive = !statusLine.startsWith("HTTP/1.0");
      long contentLength = -1;
      boolean chunked = false;
      long retryAfter = -1;
      for (int lines = 0; ; lines++) {
        String header = line();
        if (header.isEmpty()) {
          break;
        }
        if (lines > MAX_HEADER_LINES) {
          throw new IOException("the collector's answer has more than " + MAX_HEADER_LINES + " header lines");
        }
        int colon = header.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        if (name.equals("content-length")) {
          contentLength = parseLong(value, -1);
        } else if (name.equals("transfer-encoding")) {
          chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        } else if (name.equals("connection")) {
          String lower = value.toLowerCase(Locale.ROOT);
          keepAlive = lower.contains("close") ? false : lower.contains("keep-alive") || keepAlive;
        } else if (name.equals("retry-after")) {
          retryAfter = parseLong(value, -1);
        }
      }
      if (status >= 100 && status < 200) {
        continue; // 100 Continue and other interim answers: the real one follows
      }
      if (chunked) {
        skipChunks();
      } else if (contentLength >= 0) {
        skip(contentLength);
      } else {
        keepAlive = false; // the body ends when the collector closes
        while (in.read() >= 0) {
          // discard
        }
      }
      if (!keepAlive) {
        close();
      }
      return new Answer(status, reason, retryAfter);
    }
  }

  private void skipChunks() throws IOException {
    while (true) {
      String size = line();
      int semicolon = size.indexOf(';');
      long bytes;
      try {
        bytes = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size in the collector's answer: " + abbreviate(size));
      }
      if (bytes == 0) {
        while (!line().isEmpty()) {
          // trailers
        }
        return;
      }
      skip(bytes);
      line();
    }
  }

  private void skip(long bytes) throws IOException {
    for (long left = bytes; left > 0; ) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("the collector's answer ended early");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException(line.length() == 0 ? "the collector closed the connection without an answer"
            : "the collector's answer ended early");
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() >= MAX_HEADER_LINE) {
        throw new IOException("a line of the collector's answer is longer than " + MAX_HEADER_LINE + " bytes");
      }
      line.append((char) b);
    }
  }

  private static long parseLong(String value, long fallback) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }

  /** For tests: whether the last answer left the connection open for the next request. */
  boolean isOpen() {
    return socket != null;
  }

  /** From another thread: makes a post that ran out of time fail now. */
  void abort() {
    aborted = true;
    Socket current = socket;
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  @Override
  public void close() {
    Socket current = socket;
    socket = null;
    in = null;
    out = null;
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
