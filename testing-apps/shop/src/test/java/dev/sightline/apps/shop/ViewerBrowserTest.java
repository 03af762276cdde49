package dev.sightline.apps.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import dev.sightline.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The trace viewer at the endpoint's root, in a real headless Chromium, on the running shop with a
 * full span buffer (2,048 spans of 190 orders, some failing): a person finds their order's
 * trace by filter and by deep link, opens its waterfall, sees the twelve spans nested as the OTLP
 * export says, clicks a span and reads an attribute. Screenshots go to target/viewer-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ViewerBrowserTest {

  private static final String TOKEN = "viewer-test-token-4f1d9c";
  private static final Path SCREENSHOTS = Path.of("target", "viewer-screenshots");
  private static final Duration PAGE = Duration.ofSeconds(15);

  private RunningShop shop;
  private HeadlessChromium browser;
  private String traceId;
  private List<ReceivedSpan> exported;

  @BeforeAll
  void start() throws Exception {
    Path chromium = HeadlessChromium.require();
    // A token is set, so a client that is not local must send it; this browser is local (loopback,
    // Host 127.0.0.1) except when it calls the endpoint "viewer.test", which it maps to 127.0.0.1
    // like a rebinding DNS would: then it is a stranger and must enter the token.
    shop = RunningShop.start("shop-viewer", Map.of("sightline.endpoint.token", TOKEN));
    browser = HeadlessChromium.launch(chromium, Path.of("target", "app-logs", "chromium.log"),
        "--host-resolver-rules=MAP viewer.test 127.0.0.1");
    fillTheBuffer();
    String orderId = placeOrder("lamp", 3);
    exported = awaitOrderTrace(orderId);
    traceId = exported.get(0).traceId();
    awaitInTraces(traceId, 12);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (shop != null) {
      shop.close();
    }
  }

  @Test
  @Order(1)
  void theListShowsAFullBufferQuicklyAndFindsTheOrderByFilter() {
    long started = System.nanoTime();
    browser.navigate(shop.app.endpointUrl("/"));
    browser.waitFor("document.body.dataset.state === 'ready' && document.querySelectorAll('tr.trace-row').length > 0", PAGE);
    long loadMillis = (System.nanoTime() - started) / 1_000_000;
    String status = (String) browser.evaluate("document.getElementById('list-status').textContent");
    int kept = Integer.parseInt(status.replaceAll(".* (\\d+) spans kept of 2048.*", "$1"));
    assertTrue(kept >= 2000, "the buffer is (nearly) full: " + status);
    int rows = count("tr.trace-row");
    assertTrue(rows >= 150, rows + " traces listed: " + status);
    System.out.println("[viewer] list of " + rows + " traces (" + kept + " spans) loaded and drawn in " + loadMillis + " ms");
    assertTrue(loadMillis < 5_000, "list shown in " + loadMillis + " ms");
    browser.screenshot(SCREENSHOTS.resolve("list.png"));

    // by trace id: what a log line or an exemplar would give
    browser.type("#filter-trace", traceId.substring(0, 10));
    browser.waitFor("document.querySelectorAll('tr.trace-row').length === 1", PAGE);
    assertEquals(traceId, browser.evaluate("document.querySelector('tr.trace-row').dataset.traceId"));
    browser.type("#filter-trace", "");

    // by name: the audit insert is in successful orders only; errors only: the failed ones only
    browser.type("#filter-text", "shop_order_audit");
    browser.waitFor("document.querySelectorAll('tr.trace-row').length < " + rows, PAGE);
    int withAudit = count("tr.trace-row");
    browser.click("#filter-errors");
    browser.waitFor("document.querySelectorAll('tr.trace-row').length === 0", PAGE);
    browser.type("#filter-text", "");
    browser.waitFor("document.querySelectorAll('tr.trace-row').length > 0", PAGE);
    int failed = count("tr.trace-row");
    assertEquals(failed, count("tr.trace-row .error-mark"), "every trace shown has the error mark");
    assertTrue(failed >= 5 && withAudit >= 100, failed + " failed, " + withAudit + " with an audit insert");
    browser.screenshot(SCREENSHOTS.resolve("errors-only.png"));
    browser.click("#filter-errors");

    // slower than: nothing took a minute
    browser.type("#filter-slower", "60000");
    browser.waitFor("document.querySelectorAll('tr.trace-row').length === 0", PAGE);
    browser.type("#filter-slower", "");

    // the order's row opens its waterfall
    browser.type("#filter-trace", traceId);
    browser.waitFor("document.querySelectorAll('tr.trace-row').length === 1", PAGE);
    browser.click("tr.trace-row td:nth-child(3)");
    browser.waitFor("location.hash === '#trace=" + traceId + "' && document.querySelectorAll('.span-row').length === 12", PAGE);
    assertNoPageErrors();
  }

  @Test
  @Order(2)
  void theWaterfallNestsTheTwelveSpansAsTheExportDoesAndShowsAnAttribute() {
    browser.navigate(shop.app.endpointUrl("/") + "#trace=" + traceId);
    browser.waitFor("document.body.dataset.state === 'ready' && document.querySelectorAll('.span-row').length === 12", PAGE);
    assertTrue(((String) browser.evaluate("document.getElementById('trace-title').textContent")).contains(traceId));

    // What a person sees: rows top to bottom, each indented under the row it belongs to.
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) browser.evaluate(
        "Array.from(document.querySelectorAll('.span-row')).map(r => ({id: r.dataset.spanId, "
            + "indent: r.querySelector('.guide').getBoundingClientRect().width, "
            + "name: r.querySelector('.span-name').textContent, kind: r.querySelector('.kind').title, "
            + "left: r.querySelector('.bar').getBoundingClientRect().left, error: r.classList.contains('error')}))");
    Map<String, ReceivedSpan> byId = exported.stream().collect(Collectors.toMap(ReceivedSpan::spanId, s -> s));
    assertEquals(byId.keySet(), rows.stream().map(r -> (String) r.get("id")).collect(Collectors.toSet()), "the exported spans");
    List<Map<String, Object>> path = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      double indent = ((Number) row.get("indent")).doubleValue();
      while (!path.isEmpty() && ((Number) path.get(path.size() - 1).get("indent")).doubleValue() >= indent) {
        path.remove(path.size() - 1);
      }
      ReceivedSpan span = byId.get((String) row.get("id"));
      String shownParent = path.isEmpty() ? "" : (String) path.get(path.size() - 1).get("id");
      assertEquals(span.parentSpanId(), shownParent, "'" + span.name() + "' is drawn under its exported parent");
      assertEquals(span.name(), row.get("name"));
      assertEquals(span.kind(), row.get("kind"));
      assertEquals(false, row.get("error"), span.name());
      if (!path.isEmpty()) {
        double parentLeft = ((Number) path.get(path.size() - 1).get("left")).doubleValue();
        assertTrue(((Number) row.get("left")).doubleValue() >= parentLeft - 1, span.name() + " starts after its parent");
      }
      path.add(row);
    }
    assertEquals(4, rows.stream().mapToDouble(r -> ((Number) r.get("indent")).doubleValue()).distinct().count(),
        "four levels: request, its calls, what they caused, the consumers' inserts");

    // A click on the order's INSERT shows its attributes.
    ReceivedSpan insert = exported.stream().filter(s -> s.name().equals("INSERT shop_orders")).findFirst().orElseThrow();
    browser.click(".span-row[data-span-id='" + insert.spanId() + "'] .span-name");
    browser.waitFor("document.querySelector(\"#span-details tr[data-key='db.collection.name']\") !== null", PAGE);
    assertEquals(insert.attr("db.collection.name"), text("#span-details tr[data-key='db.collection.name'] td.value"));
    assertEquals("shop_orders", text("#span-details tr[data-key='db.collection.name'] td.value"));
    assertEquals(insert.attr("db.system.name"), text("#span-details tr[data-key='db.system.name'] td.value"));
    assertEquals(insert.attr("db.query.text"), text("#span-details tr[data-key='db.query.text'] td.value"));
    assertEquals("#trace=" + traceId + "&span=" + insert.spanId(), browser.evaluate("location.hash"), "a link to this span");
    browser.screenshot(SCREENSHOTS.resolve("waterfall.png"));

    // The span deep link opens the same span.
    browser.navigate("about:blank");
    browser.navigate(shop.app.endpointUrl("/") + "#trace=" + traceId + "&span=" + insert.spanId());
    browser.waitFor("document.querySelector('.span-row.selected') !== null", PAGE);
    assertEquals(insert.spanId(), browser.evaluate("document.querySelector('.span-row.selected').dataset.spanId"));
    assertEquals("shop_orders", text("#span-details tr[data-key='db.collection.name'] td.value"));
    assertNoPageErrors();
  }

  @Test
  @Order(3)
  void aFailedOrderIsMarkedAndAContinuedTraceShowsItsParentIsElsewhere() {
    // a request that continues a trace from another process (its traceparent names a parent the shop never saw)
    String remoteTrace = "5e1f0c0ffee00000000000000000c0de";
    Http.Response placed = Http.post(shop.url("/orders"), "{\"product\":\"typewriter\",\"quantity\":1}",
        "Content-Type", "application/json", "traceparent", "00-" + remoteTrace + "-00f067aa0ba902b7-01");
    assertEquals(502, placed.status(), placed.body());
    awaitInTraces(remoteTrace, 5);
    browser.navigate(shop.app.endpointUrl("/") + "#trace=" + remoteTrace);
    browser.waitFor("document.body.dataset.state === 'ready' && document.querySelectorAll('.span-row').length === 5", PAGE);
    String top = text(".span-row[data-depth='0'] .label");
    assertTrue(top.contains("POST /orders") && top.contains("parent in another process"), top);
    assertTrue(count(".span-row.error") >= 2, "the order and the failing inventory call are marked");
    browser.click(".span-row[data-depth='0'] .span-name");
    browser.waitFor("document.querySelector('#span-details .status-ERROR') !== null", PAGE);
    browser.screenshot(SCREENSHOTS.resolve("failed-order.png"));

    browser.click("a[href='#']");
    browser.waitFor("document.body.dataset.state === 'ready' && document.querySelectorAll('tr.trace-row').length > 0", PAGE);
    browser.type("#filter-trace", remoteTrace);
    browser.waitFor("document.querySelectorAll('tr.trace-row').length === 1", PAGE);
    assertTrue(text("tr.trace-row").contains("parent in another process"), text("tr.trace-row"));
    assertNoPageErrors();
  }

  @Test
  @Order(4)
  void theDependenciesViewListsWhatTheShopTalksTo() {
    browser.navigate(shop.app.endpointUrl("/"));
    browser.click("#tab-dependencies");
    browser.waitFor("document.querySelectorAll('#dependency-list tbody tr[data-type]').length >= 4", PAGE);
    @SuppressWarnings("unchecked")
    List<String> shown = (List<String>) browser.evaluate(
        "Array.from(document.querySelectorAll('#dependency-list tbody tr')).map(r => r.dataset.type + ' ' + r.dataset.name + ' '"
            + " + r.children[2].textContent)");
    for (String expected : List.of("db h2database:shop UP", "kafka " + shop.kafkaBootstrap + " UP",
        "rabbitmq " + shop.amqpAddress + " UP")) {
      assertTrue(shown.contains(expected), expected + " in " + shown);
    }
    // the shop's own HTTP peer answered the failed orders' 404s and 503s: degraded, with its recent errors
    String peer = "http 127.0.0.1:" + shop.port;
    assertTrue(shown.contains(peer + " DEGRADED") || shown.contains(peer + " UP"), peer + " in " + shown);
    String recentErrors = text("#dependency-list tr[data-type='http'] td:last-child");
    assertTrue(recentErrors.matches("\\d+ in 5 min.*"), recentErrors);
    browser.screenshot(SCREENSHOTS.resolve("dependencies.png"));
    assertNoPageErrors();
  }

  @Test
  @Order(5)
  void aClientThatIsNotLocalEntersTheTokenOnceInThePage() {
    String stranger = "http://viewer.test:" + shop.app.endpointPort() + "/";
    browser.navigate(stranger);
    browser.waitFor("!document.getElementById('token-form').hidden", PAGE);
    assertTrue(text("#token-reason").contains("token"), text("#token-reason"));
    assertEquals(0L, ((Number) browser.evaluate("document.querySelectorAll('tr.trace-row').length")).longValue());
    browser.screenshot(SCREENSHOTS.resolve("token-prompt.png"));
    browser.type("#token-input", "not-the-token");
    browser.click("#token-form button");
    browser.waitFor("!document.getElementById('token-form').hidden && document.getElementById('token-reason').textContent === 'wrong token'", PAGE);
    browser.type("#token-input", TOKEN);
    browser.click("#token-form button");
    browser.waitFor("document.querySelectorAll('tr.trace-row').length > 0", PAGE);
    // once: a new visit keeps it
    browser.navigate("about:blank");
    browser.navigate(stranger + "#trace=" + traceId);
    browser.waitFor("document.querySelectorAll('.span-row').length === 12", PAGE);
    assertTrue((Boolean) browser.evaluate("document.getElementById('token-form').hidden"));
    browser.click("#forget-token");
    browser.waitFor("!document.getElementById('token-form').hidden", PAGE);
  }

  @Test
  @Order(6)
  void aTraceOf2048SpansIsDrawnQuickly() {
    browser.navigate(shop.app.endpointUrl("/"));
    browser.waitFor("document.body.dataset.state === 'ready'", PAGE);
    // The page's own fetch answers one trace of 2,048 spans (a request fanning out to 2,047 calls in
    // chains of 8), as /traces would for a trace that fills the whole buffer.
    browser.evaluate("(() => { const t0 = Date.now() * 1000, spans = [];"
        + " for (let i = 0; i < 2048; i++) { const parent = i === 0 ? null : i % 8 === 1 ? '0000000000000000' : 'span' + (i - 1);"
        + "   spans.push({spanId: i === 0 ? '0000000000000000' : 'span' + i, parentSpanId: parent, name: 'step ' + i,"
        + "     kind: ['SERVER', 'CLIENT', 'INTERNAL', 'PRODUCER', 'CONSUMER'][i % 5], start: '', startMicros: t0 + i * 50,"
        + "     durationMillis: i === 0 ? 120 : 0.5, status: i % 97 === 0 && i > 0 ? 'ERROR' : 'UNSET', scope: 'test',"
        + "     attributes: {'http.route': '/big', 'i': i}}); }"
        + " const real = window.fetch; window.fetch = (url, options) => String(url).indexOf('traceId=b16') >= 0"
        + "   ? Promise.resolve(new Response(JSON.stringify({service: 'shop', bufferCapacity: 2048, spanCount: 2048,"
        + "       traces: [{traceId: 'b16', spanCount: 2048, spans: spans}]}), {status: 200}))"
        + "   : real(url, options); })()");
    long started = System.nanoTime();
    browser.evaluate("location.hash = 'trace=b16'");
    browser.waitFor("document.body.dataset.state === 'ready' && document.querySelectorAll('.span-row').length === 2048", PAGE);
    long drawMillis = (System.nanoTime() - started) / 1_000_000;
    browser.click(".span-row[data-span-id='span1000'] .span-name");
    browser.waitFor("document.querySelector(\"#span-details tr[data-key='i'] td.value\") !== null", PAGE);
    assertEquals("1000", text("#span-details tr[data-key='i'] td.value"));
    assertEquals("8", browser.evaluate("document.querySelector(\".span-row[data-span-id='span1000']\").dataset.depth"),
        "the 8th of its chain: 1000 = 8 * 124 + 8");
    long clickMillis = (System.nanoTime() - started) / 1_000_000 - drawMillis;
    System.out.println("[viewer] waterfall of 2048 spans drawn in " + drawMillis + " ms; a click answered in " + clickMillis + " ms");
    assertTrue(drawMillis < 3_000, "2,048 spans drawn in " + drawMillis + " ms");
    assertNoPageErrors();
  }

  // --- helpers

  private int count(String selector) {
    return ((Number) browser.evaluate("document.querySelectorAll(" + HeadlessChromium.quote(selector) + ").length")).intValue();
  }

  private String text(String selector) {
    Object text = browser.evaluate("(document.querySelector(" + HeadlessChromium.quote(selector) + ") || {}).textContent");
    assertNotNull(text, "nothing at " + selector);
    return (String) text;
  }

  private void assertNoPageErrors() {
    assertEquals(List.of(), browser.pageErrors(), "the page raised no error");
  }

  /** 190 orders from 4 clients, one in eight failing: more spans than the 2,048 the buffer keeps. */
  private void fillTheBuffer() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 190; i++) {
        String product = i % 16 == 3 ? "unicorn" : i % 16 == 11 ? "typewriter" : List.of("book", "mug", "pen").get(i % 3);
        answers.add(clients.submit(() -> shop.order(product, 1).status()));
      }
      for (Future<Integer> answer : answers) {
        assertTrue(Set.of(201, 422, 502).contains(answer.get()), "order answered " + answer.get());
      }
    } finally {
      clients.shutdownNow();
    }
  }

  private String placeOrder(String product, int quantity) {
    Http.Response placed = shop.order(product, quantity);
    assertEquals(201, placed.status(), placed.body());
    return (String) Json.object(placed.body()).get("orderId");
  }

  private List<ReceivedSpan> awaitOrderTrace(String orderId) {
    ReceivedSpan auditing = shop.receiver.awaitSpan(s -> s.kind().equals("CONSUMER")
        && orderId.equals(s.attr("messaging.message.id")), RunningShop.PATIENCE);
    shop.receiver.awaitSpans(spans -> spans.stream().filter(s -> s.traceId().equals(auditing.traceId())).count() >= 12,
        RunningShop.PATIENCE);
    RunningShop.sleep(500);
    List<ReceivedSpan> trace = shop.receiver.trace(auditing.traceId());
    assertEquals(12, trace.size(), trace.toString());
    return trace;
  }

  /** Waits until /traces (as a local client) holds {@code spans} spans of the trace. */
  private void awaitInTraces(String trace, int spans) {
    long deadline = System.nanoTime() + RunningShop.PATIENCE.toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      body = Http.get(shop.app.endpointUrl("/traces?traceId=" + trace)).body();
      if (body.contains("\"spanCount\":" + spans + ",")) {
        return;
      }
      RunningShop.sleep(100);
    }
    throw new AssertionError("trace " + trace + " never had " + spans + " spans in /traces: " + body);
  }
}
