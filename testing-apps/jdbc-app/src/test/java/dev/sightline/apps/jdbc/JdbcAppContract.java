package dev.sightline.apps.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Http;
import dev.sightline.testing.Json;
import dev.sightline.testing.MetricsScrape;
import dev.sightline.testing.OtlpReceiver;
import dev.sightline.testing.ReceivedEvent;
import dev.sightline.testing.ReceivedSpan;
import dev.sightline.testing.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * jdbc-app with the agent, through HikariCP, against one database (the subclasses pick H2,
 * PostgreSQL or MariaDB): one app per class, its own table per run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcAppContract {

  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Literals the app writes into plain statements; none may reach a span. */
  private static final List<String> SECRETS = List.of("4111111111111111", "s3cr3t", "Zed", "hunter2");

  private final Database database;
  private final String table = "orders_" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
  private OtlpReceiver receiver;
  private TestApp app;
  private String baseUrl;

  JdbcAppContract(Database database) {
    this.database = database;
  }

  @BeforeAll
  void start() {
    database.requireReachable();
    receiver = OtlpReceiver.start();
    int port = TestApp.freePort();
    app = TestApp.builder(JdbcApp.class.getName())
        .name("jdbc-app-" + database.system())
        .otlp(receiver)
        .serviceName("jdbc-app")
        .args("--port", Integer.toString(port), "--jdbc-url", database.url(), "--user", database.user(),
            "--password", database.password(), "--table", table)
        .start();
    app.awaitLog("jdbc-app listening on port", WAIT);
    baseUrl = "http://127.0.0.1:" + port;
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.stop();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void insertSelectAndUpdateMakeOneClientSpanEachUnderTheirRequest() {
    long sent = now();
    Http.Response created = Http.post(baseUrl + "/orders?customer=alice&item=book&quantity=2", "");
    assertEquals(201, created.status(), created.body());
    long id = ((Number) Json.object(created.body()).get("id")).longValue();
    ReceivedSpan insert = onlyDatabaseSpan("POST", "/orders", sent);
    assertEquals("INSERT " + table, insert.name());
    assertEquals("INSERT", insert.attr("db.operation.name"));
    assertEquals(table, insert.attr("db.collection.name"));
    assertEquals("INSERT INTO " + table + " (id, customer, item, quantity, status) VALUES (?, ?, ?, ?, ?)",
        insert.attr("db.query.text"));
    assertDatabase(insert);
    assertNull(insert.attr("error.type"));
    assertNull(insert.attr("db.operation.batch.size"));

    sent = now();
    Http.Response found = Http.get(baseUrl + "/orders/" + id);
    assertEquals(200, found.status(), found.body());
    assertEquals("alice", Json.object(found.body()).get("customer"));
    ReceivedSpan select = onlyDatabaseSpan("GET", "/orders/" + id, sent);
    assertEquals("SELECT " + table, select.name());
    assertEquals("SELECT", select.attr("db.operation.name"));
    assertEquals(table, select.attr("db.collection.name"));
    assertEquals("SELECT id, customer, item, quantity, status FROM " + table + " WHERE id = ?",
        select.attr("db.query.text"));
    assertDatabase(select);

    sent = now();
    Http.Response shipped = Http.post(baseUrl + "/orders/" + id + "/ship", "");
    assertEquals("{\"shipped\":true}", shipped.body());
    ReceivedSpan update = onlyDatabaseSpan("POST", "/orders/" + id + "/ship", sent);
    assertEquals("UPDATE " + table, update.name());
    assertEquals("UPDATE", update.attr("db.operation.name"));
    assertDatabase(update);
  }

  @Test
  void literalsOfPlainStatementsNeverReachTheSpan() {
    String path = "/orders/legacy";
    long sent = now();
    Http.Response created = Http.post(baseUrl + path + "?customer=" + encode("Zed O'Neil s3cr3t")
        + "&item=vault&quantity=77&card=4111111111111111", "");
    assertEquals(201, created.status(), created.body());
    ReceivedSpan insert = onlyDatabaseSpan("POST", path, sent);
    assertEquals("INSERT " + table, insert.name());
    String text = insert.attr("db.query.text");
    assertNotNull(text, insert.toString());
    assertTrue(text.startsWith("INSERT INTO " + table + " (id, customer, item, quantity, status, card) VALUES ("), text);
    assertNoSecret(text);
    // The table's random name may hold digits ("orders_d77s3"); the literals must appear nowhere else.
    String outsideTableName = text.replace(table, "TABLE");
    assertFalse(outsideTableName.contains("vault") || outsideTableName.contains("77") || outsideTableName.contains("NEW"), text);
    assertDatabase(insert);
  }

  @Test
  void aPreparedBatchIsOneBatchSpan() {
    String path = "/orders/batch";
    long sent = now();
    Http.Response created = Http.post(baseUrl + path + "?customer=bob&items=pen,ink,paper", "");
    assertEquals(201, created.status(), created.body());
    ReceivedSpan batch = onlyDatabaseSpan("POST", path, sent);
    assertEquals("BATCH INSERT " + table, batch.name());
    assertEquals("BATCH INSERT", batch.attr("db.operation.name"));
    assertEquals(table, batch.attr("db.collection.name"));
    assertEquals(3L, batch.longAttr("db.operation.batch.size"));
    assertEquals("INSERT INTO " + table + " (id, customer, item, quantity, status) VALUES (?, ?, ?, ?, ?)",
        batch.attr("db.query.text"));
    assertDatabase(batch);
  }

  @Test
  void aPlainStatementBatchIsOneSanitizedBatchSpan() {
    String path = "/orders/import";
    long sent = now();
    Http.Response created = Http.post(baseUrl + path + "?customer=" + encode("Zed s3cr3t")
        + "&items=hunter2,globe&card=4111111111111111", "");
    assertEquals(201, created.status(), created.body());
    ReceivedSpan batch = onlyDatabaseSpan("POST", path, sent);
    assertEquals("BATCH INSERT " + table, batch.name());
    assertEquals(2L, batch.longAttr("db.operation.batch.size"));
    assertNoSecret(batch.attr("db.query.text"));
    assertTrue(batch.attr("db.query.text").startsWith("INSERT INTO " + table), batch.attr("db.query.text"));
    assertDatabase(batch);
  }

  @Test
  void aFailingStatementRecordsTheSqlStateAndTheException() {
    long sent = now();
    Http.Response failed = Http.get(baseUrl + "/fail");
    assertEquals(500, failed.status(), failed.body());
    String sqlState = (String) Json.object(failed.body()).get("sqlState");
    assertNotNull(sqlState, failed.body());
    ReceivedSpan select = onlyDatabaseSpan("GET", "/fail", sent);
    assertEquals("SELECT missing_" + table, select.name());
    assertEquals("ERROR", select.statusCode());
    assertEquals(sqlState, select.attr("error.type"));
    assertEquals(sqlState, select.attr("db.response.status_code"));
    ReceivedEvent exception = select.events().stream()
        .filter(e -> e.name().equals("exception")).findFirst()
        .orElseThrow(() -> new AssertionError("no exception event: " + select));
    assertTrue(exception.attr("exception.type").contains("SQL"), exception.attributes().toString());
    assertDatabase(select);
  }

  @Test
  void aConnectionWithoutThePoolMakesOneSpanToo() {
    long sent = now();
    Http.Response report = Http.get(baseUrl + "/reports");
    assertEquals(200, report.status(), report.body());
    ReceivedSpan select = onlyDatabaseSpan("GET", "/reports", sent);
    assertEquals("SELECT " + table, select.name());
    assertEquals("SELECT status, COUNT(*) FROM " + table + " GROUP BY status", select.attr("db.query.text"));
    assertDatabase(select);
  }

  @Test
  void operationDurationsAreMeasuredWithBoundedLabels() {
    Http.Response created = Http.post(baseUrl + "/orders?customer=dora&item=map&quantity=1", "");
    assertEquals(201, created.status(), created.body());
    long sent = now();
    Http.Response failed = Http.get(baseUrl + "/fail");
    assertEquals(500, failed.status());
    String sqlState = (String) Json.object(failed.body()).get("sqlState");
    onlyDatabaseSpan("GET", "/fail", sent);

    MetricsScrape metrics = MetricsScrape.scrape(app.endpointUrl("/metrics"));
    String count = "db_client_operation_duration_seconds_count";
    assertTrue(metrics.sum(count, "db_system_name", database.system(), "db_operation_name", "INSERT",
        "db_collection_name", table, "error_type", "") >= 1, metrics.samples(count).toString());
    assertTrue(metrics.sum(count, "db_system_name", database.system(), "db_operation_name", "SELECT",
        "db_collection_name", "missing_" + table, "error_type", sqlState) >= 1, metrics.samples(count).toString());
    Set<String> labels = metrics.samples().stream()
        .filter(s -> s.name().startsWith("db_client_operation_duration_seconds"))
        .flatMap(s -> s.labels().keySet().stream())
        .collect(Collectors.toSet());
    assertEquals(Set.of("db_system_name", "db_namespace", "db_operation_name", "db_collection_name", "error_type", "le"), labels);
    assertEquals(Set.of("0.001", "0.005", "0.01", "0.05", "0.1", "0.5", "1.0", "5.0", "10.0", "+Inf"),
        metrics.labelValues("db_client_operation_duration_seconds_bucket", "le"));
  }

  @Test
  void healthShowsTheDatabaseDegradedAfterAFailedStatement() {
    Http.Response failed = Http.get(baseUrl + "/fail");
    assertEquals(500, failed.status());
    Map<String, Object> dependency = dependency();
    assertEquals("db", dependency.get("type"));
    assertEquals("error", dependency.get("lastOutcome"), dependency.toString());
    assertEquals("DEGRADED", dependency.get("status"), dependency.toString());
    assertTrue(((Number) dependency.get("recentErrors")).longValue() >= 1, dependency.toString());

    Http.Response created = Http.post(baseUrl + "/orders?customer=eve&item=lamp&quantity=1", "");
    assertEquals(201, created.status(), created.body());
    Map<String, Object> recovered = dependency();
    assertEquals("ok", recovered.get("lastOutcome"), recovered.toString());
    assertEquals("UP", recovered.get("status"), recovered.toString());
  }

  /** The database's /health entry. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> dependency() {
    Http.Response health = Http.get(app.endpointUrl("/health"));
    List<Object> dependencies = (List<Object>) Json.object(health.body()).get("dependencies");
    return dependencies.stream()
        .map(d -> (Map<String, Object>) d)
        .filter(d -> database.dependencyName().equals(d.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no dependency " + database.dependencyName() + " in " + health.body()));
  }

  /**
   * The one database span of the request to {@code path} that started after {@code since} (epoch
   * nanoseconds). The request's SERVER span ends after its children, so once it has arrived, so
   * have they (the exporter sends spans in the order they end).
   */
  private ReceivedSpan onlyDatabaseSpan(String method, String path, long since) {
    ReceivedSpan server = receiver.awaitSpan(
        s -> "SERVER".equals(s.kind()) && path.equals(s.attr("url.path"))
            && method.equals(s.attr("http.request.method")) && s.startNanos() >= since,
        WAIT);
    List<ReceivedSpan> database = receiver.trace(server.traceId()).stream()
        .filter(s -> "CLIENT".equals(s.kind()) && s.attr("db.system.name") != null)
        .collect(Collectors.toList());
    assertEquals(1, database.size(), "one CLIENT span per JDBC call through the pool: " + database);
    ReceivedSpan span = database.get(0);
    assertEquals(server.spanId(), span.parentSpanId(), "the database call runs inside the request: " + span);
    assertEquals("dev.sightline.jdbc", span.scopeName());
    return span;
  }

  private static long now() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private void assertDatabase(ReceivedSpan span) {
    assertEquals(database.system(), span.attr("db.system.name"), span.toString());
    assertEquals(database.namespace(), span.attr("db.namespace"), span.toString());
    assertEquals(database.host(), span.attr("server.address"), span.toString());
    assertEquals(database.host() == null ? null : (long) database.port(), span.longAttr("server.port"), span.toString());
    assertNoSecret(span.attr("db.query.text"));
  }

  private static void assertNoSecret(String text) {
    assertNotNull(text);
    for (String secret : SECRETS) {
      assertFalse(text.contains(secret), "literal " + secret + " leaked into " + text);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
