package dev.sightline.agent.endpoint;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one request head as its bytes arrive, in whatever pieces, and checks it strictly: the
 * endpoint serves a handful of fixed routes to scrapers, probes and one page, so anything a
 * well-behaved client would not send is refused with the status that says why (400, 405, 414,
 * 431, 505) instead of being guessed at. It never holds more than the head limit.
 */
final class RequestParser {

  enum State {
    READING,
    DONE,
    FAILED
  }

  private final EndpointLimits limits;
  private byte[] line = new byte[128];
  private int lineLength;
  private int headBytes;
  private boolean sawAnyByte;
  private String method;
  private String path;
  private String query;
  private final Map<String, List<String>> headers = new HashMap<>();
  private int headerCount;
  private State state = State.READING;
  private int failureStatus;
  private String failureReason;

  RequestParser(EndpointLimits limits) {
    this.limits = limits;
  }

  /**
   * Consumes bytes until the head is complete or refused; what follows the head (a body, a
   * pipelined request) is left in {@code input} and ignored, since every answer closes the
   * connection.
   */
  State feed(ByteBuffer input) {
    while (state == State.READING && input.hasRemaining()) {
      byte b = input.get();
      sawAnyByte = true;
      if (++headBytes > limits.maxHeadBytes) {
        if (method == null) {
          return fail(414, "request line longer than " + limits.maxRequestLineBytes + " bytes");
        }
        return fail(431, "request head larger than " + limits.maxHeadBytes + " bytes");
      }
      if (b == '\n') {
        endOfLine();
        continue;
      }
      if (method == null && lineLength >= limits.maxRequestLineBytes) {
        return fail(414, "request line longer than " + limits.maxRequestLineBytes + " bytes");
      }
      if (lineLength == line.length) {
        byte[] bigger = new byte[Math.min(line.length * 2, limits.maxHeadBytes + 1)];
        System.arraycopy(line, 0, bigger, 0, lineLength);
        line = bigger;
      }
      line[lineLength++] = b;
    }
    return state;
  }

  State state() {
    return state;
  }

  boolean sawAnyByte() {
    return sawAnyByte;
  }

  int failureStatus() {
    return failureStatus;
  }

  String failureReason() {
    return failureReason;
  }

  /** Only when {@link #state()} is DONE. */
  RequestHead head() {
    return new RequestHead(method, path, query, headers);
  }

  private void endOfLine() {
    int length = lineLength;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    lineLength = 0;
    for (int i = 0; i < length; i++) {
      if (line[i] == '\r') {
        fail(400, "bare CR in the request head");
        return;
      }
    }
    String text = new String(line, 0, length, StandardCharsets.ISO_8859_1);
    if (method == null) {
      // RFC 9112 asks servers to ignore empty lines before the request line.
      if (!text.isEmpty()) {
        requestLine(text);
      }
    } else if (text.isEmpty()) {
      state = State.DONE;
    } else {
      headerLine(text);
    }
  }

  private void requestLine(String text) {
    int first = text.indexOf(' ');
    int second = first < 0 ? -1 : text.indexOf(' ', first + 1);
    if (first <= 0 || second <= first + 1 || second == text.length() - 1 || text.indexOf(' ', second + 1) >= 0) {
      fail(400, "malformed request line (expected: METHOD /path HTTP/1.1)");
      return;
    }
    String requestMethod = text.substring(0, first);
    String target = text.substring(first + 1, second);
    String version = text.substring(second + 1);
    if (!isToken(requestMethod)) {
      fail(400, "malformed method");
      return;
    }
    if (version.length() != 8 || !version.startsWith("HTTP/") || !isDigit(version.charAt(5))
        || version.charAt(6) != '.' || !isDigit(version.charAt(7))) {
      fail(400, "malformed HTTP version");
      return;
    }
    if (version.charAt(5) != '1') {
      fail(505, "only HTTP/1.0 and HTTP/1.1");
      return;
    }
    if (!requestMethod.equals("GET") && !requestMethod.equals("HEAD")) {
      fail(405, "only GET and HEAD");
      return;
    }
    if (!target(target)) {
      return;
    }
    method = requestMethod;
  }

  private boolean target(String target) {
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '#') {
        return refuse(400, "request target with characters that must be percent-encoded");
      }
    }
    String rest = target;
    String lower = target.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      // absolute-form, which RFC 9112 has servers accept: only its path and query count
      int slash = target.indexOf('/', lower.indexOf("//") + 2);
      int question = target.indexOf('?', lower.indexOf("//") + 2);
      int start = slash < 0 ? question : question < 0 ? slash : Math.min(slash, question);
      rest = start < 0 ? "/" : target.charAt(start) == '?' ? "/" + target.substring(start) : target.substring(start);
    }
    if (!rest.startsWith("/")) {
      return refuse(400, "request target must be a path starting with /");
    }
    int question = rest.indexOf('?');
    String rawPath = question < 0 ? rest : rest.substring(0, question);
    String rawQuery = question < 0 ? null : rest.substring(question + 1);
    String decoded = decode(rawPath);
    if (decoded == null) {
      return refuse(400, "malformed percent-encoding in the path");
    }
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return refuse(400, "path with control characters or backslashes");
      }
    }
    for (String segment : decoded.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return refuse(400, "path with dot segments");
      }
    }
    if (rawQuery != null && decode(rawQuery.replace('+', ' ')) == null) {
      return refuse(400, "malformed percent-encoding in the query");
    }
    path = decoded;
    query = rawQuery;
    return true;
  }

  private void headerLine(String text) {
    if (text.charAt(0) == ' ' || text.charAt(0) == '\t') {
      fail(400, "obsolete header line folding");
      return;
    }
    if (++headerCount > limits.maxHeaderCount) {
      fail(431, "more than " + limits.maxHeaderCount + " header lines");
      return;
    }
    int colon = text.indexOf(':');
    if (colon <= 0 || !isToken(text.substring(0, colon))) {
      fail(400, "malformed header line");
      return;
    }
    String value = text.substring(colon + 1).trim();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        fail(400, "control character in a header value");
        return;
      }
    }
    String name = text.substring(0, colon).toLowerCase(Locale.ROOT);
    List<String> values = headers.computeIfAbsent(name, k -> new ArrayList<>(1));
    if (name.equals("host") && !values.isEmpty()) {
      fail(400, "more than one Host header");
      return;
    }
    values.add(value);
  }

  private State fail(int status, String reason) {
    state = State.FAILED;
    failureStatus = status;
    failureReason = reason;
    return state;
  }

  private boolean refuse(int status, String reason) {
    fail(status, reason);
    return false;
  }

  /** Percent-decodes strictly (two hex digits, valid UTF-8), or null. */
  private static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        bytes.write(c);
        continue;
      }
      if (i + 2 >= raw.length()) {
        return null;
      }
      int high = Character.digit(raw.charAt(i + 1), 16);
      int low = Character.digit(raw.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        return null;
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** RFC 9110 token characters. */
  private static boolean isToken(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
