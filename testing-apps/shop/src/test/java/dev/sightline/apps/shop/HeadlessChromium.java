package dev.sightline.apps.shop;

import dev.sightline.testing.Json;
import dev.sightline.testing.Services;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium} package) driven over the DevTools protocol
 * on a WebSocket of the JDK's own HttpClient: no WebDriver, no library. Clicks and typing go
 * through the browser's input pipeline (mouse events at the element's centre, inserted text), as
 * a person's would. Page errors (uncaught exceptions, console errors) are collected for tests to
 * assert there are none.
 */
final class HeadlessChromium implements AutoCloseable {

  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
  private final List<String> pageErrors = Collections.synchronizedList(new ArrayList<>());

  private HeadlessChromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** The browser executable, or a test failure in CI and a skip elsewhere (`apt-get install chromium`). */
  static Path require() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
      Path path = Path.of(candidate);
      if (Files.isExecutable(path)) {
        return path;
      }
    }
    Services.unavailable("no headless Chromium at /usr/bin/chromium; install Debian's package: apt-get install chromium"
        + " (.ci/run does it)");
    throw new IllegalStateException("unreachable");
  }

  /**
   * Starts the browser with a fresh profile and a 1280x800 window, and attaches to its page.
   *
   * @param extraFlags e.g. {@code --host-resolver-rules=MAP viewer.test 127.0.0.1}
   */
  static HeadlessChromium launch(Path executable, Path logFile, String... extraFlags) {
    Path profile;
    try {
      profile = Files.createTempDirectory("sightline-chromium-");
      Files.createDirectories(logFile.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>(List.of(executable.toString(),
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--no-default-browser-check", "--disable-extensions", "--disable-background-networking", "--disable-sync",
        "--disable-component-update", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
        "--window-size=1280,800", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        "--user-data-dir=" + profile));
    command.addAll(List.of(extraFlags));
    command.add("about:blank");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    CompletableFuture<String> devtools = new CompletableFuture<>();
    Thread pump = new Thread(() -> pumpLog(process, logFile, devtools), "chromium-log");
    pump.setDaemon(true);
    pump.start();
    try {
      String browserUrl = devtools.get(30, TimeUnit.SECONDS);
      URI browser = URI.create(browserUrl);
      HttpClient http = HttpClient.newHttpClient();
      String list = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      String pageUrl = null;
      for (Object target : Json.array(list)) {
        Map<?, ?> entry = (Map<?, ?>) target;
        if ("page".equals(entry.get("type"))) {
          pageUrl = (String) entry.get("webSocketDebuggerUrl");
          break;
        }
      }
      if (pageUrl == null) {
        throw new IllegalStateException("no page target in " + list);
      }
      Listener listener = new Listener();
      WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), listener).get(30, TimeUnit.SECONDS);
      HeadlessChromium chromium = new HeadlessChromium(process, profile, socket);
      listener.owner = chromium;
      chromium.send("Runtime.enable", Map.of());
      chromium.send("Page.enable", Map.of());
      chromium.send("Emulation.setDeviceMetricsOverride",
          Map.of("width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
      return chromium;
    } catch (InterruptedException | ExecutionException | TimeoutException | IOException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new IllegalStateException("Chromium did not start; its log: " + logFile, e);
    }
  }

  private static void pumpLog(Process process, Path logFile, CompletableFuture<String> devtools) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(line + "\n");
        out.flush();
        Matcher matcher = DEVTOOLS.matcher(line);
        if (matcher.find()) {
          devtools.complete(matcher.group(1));
        }
      }
    } catch (IOException e) {
      // the browser is gone
    }
    devtools.completeExceptionally(new IllegalStateException("Chromium exited before it listened"));
  }

  /** Loads {@code url} and waits for its load event. */
  void navigate(String url) {
    send("Page.navigate", Map.of("url", url));
    waitFor("document.readyState === 'complete' && location.href === " + quote(url), Duration.ofSeconds(20));
  }

  /** Evaluates a JavaScript expression in the page (promises awaited) and returns its JSON value. */
  Object evaluate(String expression) {
    Map<String, Object> result = send("Runtime.evaluate",
        Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (result.containsKey("exceptionDetails")) {
      throw new AssertionError("page script failed: " + expression + "\n" + result.get("exceptionDetails"));
    }
    return ((Map<?, ?>) result.get("result")).get("value");
  }

  /** Polls {@code expression} until it is truthy; returns its value. */
  Object waitFor(String expression, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object value = null;
    while (System.nanoTime() < deadline) {
      value = evaluate(expression);
      if (value != null && !Boolean.FALSE.equals(value) && !"".equals(value) && !Long.valueOf(0).equals(value)) {
        return value;
      }
      RunningShop.sleep(50);
    }
    throw new AssertionError("not true within " + timeout + ": " + expression + " (last value " + value + ")"
        + "; page errors: " + pageErrors);
  }

  /** A left click at the centre of the first element matching {@code selector}, scrolled into view first. */
  void click(String selector) {
    Object box = evaluate("(() => { const e = document.querySelector(" + quote(selector) + "); if (!e) return null;"
        + " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
        + " return [r.left + r.width / 2, r.top + r.height / 2, r.width, r.height]; })()");
    if (!(box instanceof List)) {
      throw new AssertionError("nothing to click at " + selector);
    }
    List<?> at = (List<?>) box;
    double x = ((Number) at.get(0)).doubleValue();
    double y = ((Number) at.get(1)).doubleValue();
    if (((Number) at.get(2)).doubleValue() <= 0 || ((Number) at.get(3)).doubleValue() <= 0) {
      throw new AssertionError(selector + " is not visible");
    }
    send("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
    send("Input.dispatchMouseEvent", Map.of("type", "mousePressed", "x", x, "y", y, "button", "left", "clickCount", 1));
    send("Input.dispatchMouseEvent", Map.of("type", "mouseReleased", "x", x, "y", y, "button", "left", "clickCount", 1));
  }

  /** Focuses an input with a click, selects what it holds and types {@code text} over it. */
  void type(String selector, String text) {
    click(selector);
    evaluate("document.querySelector(" + quote(selector) + ").select()");
    if (text.isEmpty()) {
      send("Input.dispatchKeyEvent", Map.of("type", "keyDown", "key", "Backspace", "code", "Backspace",
          "windowsVirtualKeyCode", 8));
      send("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", "Backspace", "code", "Backspace",
          "windowsVirtualKeyCode", 8));
    } else {
      send("Input.insertText", Map.of("text", text));
    }
  }

  /** A PNG of the viewport, down to the end of the page's content (smaller files, no empty band). */
  void screenshot(Path file) {
    Number bottom = (Number) evaluate("Math.min(800, Math.ceil(Math.max(...Array.from(document.body.children)"
        + ".filter(e => !e.hidden).map(e => e.getBoundingClientRect().bottom))) + 12)");
    Map<String, Object> result = send("Page.captureScreenshot", Map.of("format", "png",
        "clip", Map.of("x", 0, "y", 0, "width", 1280, "height", Math.max(200, bottom.intValue()), "scale", 1)));
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, Base64.getDecoder().decode((String) result.get("data")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Uncaught exceptions and console errors of the page so far. */
  List<String> pageErrors() {
    synchronized (pageErrors) {
      return List.copyOf(pageErrors);
    }
  }

  Map<String, Object> send(String method, Map<String, Object> params) {
    int id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText("{\"id\":" + id + ",\"method\":" + quote(method) + ",\"params\":" + json(params) + "}", true).join();
    try {
      Map<String, Object> message = answer.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (message.containsKey("error")) {
        throw new AssertionError(method + " failed: " + message.get("error"));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> result = (Map<String, Object>) message.get("result");
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError(method + " got no answer from Chromium", e);
    } finally {
      pending.remove(id);
    }
  }

  private void onMessage(String text) {
    Map<String, Object> message = Json.object(text);
    Object id = message.get("id");
    if (id instanceof Long) {
      CompletableFuture<Map<String, Object>> answer = pending.get(((Long) id).intValue());
      if (answer != null) {
        answer.complete(message);
      }
      return;
    }
    Object method = message.get("method");
    Map<?, ?> params = (Map<?, ?>) message.get("params");
    if ("Runtime.exceptionThrown".equals(method)) {
      pageErrors.add("exception: " + params.get("exceptionDetails"));
    } else if ("Runtime.consoleAPICalled".equals(method) && "error".equals(params.get("type"))) {
      pageErrors.add("console.error: " + params.get("args"));
    }
  }

  @Override
  public void close() {
    try {
      send("Browser.close", Map.of());
    } catch (RuntimeException | AssertionError e) {
      // killed below
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory
    }
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String json(Object value) {
    if (value instanceof String) {
      return quote((String) value);
    }
    if (value instanceof Map) {
      StringBuilder out = new StringBuilder("{");
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        if (out.length() > 1) {
          out.append(',');
        }
        out.append(quote(String.valueOf(entry.getKey()))).append(':').append(json(entry.getValue()));
      }
      return out.append('}').toString();
    }
    return String.valueOf(value);
  }

  /** Reassembles the protocol's messages, which can come in several frames (screenshots). */
  private static final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    volatile HeadlessChromium owner;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        if (owner != null) {
          owner.onMessage(text);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
