package dev.sightline.apps.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.testing.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operations pack without a running service: promtool accepts the rule file and its unit
 * tests pass, every alert has a test that makes it fire (the good series in the same input must
 * stay quiet, or promtool reports the extra alert), the dashboard is importable, and the agent jar
 * carries exactly the repository's files.
 */
class OpsPackRulesTest {

  private static final Path UNIT_TESTS = Path.of("src/test/resources/ops").toAbsolutePath();
  private static final Pattern CASE = Pattern.compile(
      "alertname: (\\w+)\\s*\\n\\s*exp_alerts:\\s*(\\[\\])?");

  @Test
  void promtoolAcceptsTheRules() {
    PrometheusTools.Result result = PrometheusTools.promtool(OpsPack.SOURCE, null, "check", "rules", "alerts.yml");
    assertEquals(0, result.exitCode(), result.output());
    int alerts = OpsPack.alertNames(OpsPack.alerts()).size();
    assertTrue(result.output().contains("SUCCESS: " + alerts + " rules found"), result.output());
  }

  @Test
  void everyAlertFiresOnItsBadSeriesInThePromtoolUnitTests() throws IOException {
    PrometheusTools.Result result = PrometheusTools.promtool(UNIT_TESTS, null, "test", "rules", "alerts.test.yml");
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("SUCCESS"), result.output());

    Set<String> firing = new HashSet<>();
    Matcher cases = CASE.matcher(Files.readString(UNIT_TESTS.resolve("alerts.test.yml")));
    while (cases.find()) {
      if (cases.group(2) == null) {
        firing.add(cases.group(1));
      }
    }
    Set<String> untested = new TreeSet<>(OpsPack.alertNames(OpsPack.alerts()));
    untested.removeAll(firing);
    assertTrue(untested.isEmpty(), "alerts no unit test makes fire: " + untested);
  }

  @Test
  void theDashboardIsImportable() {
    Map<String, Object> dashboard = Json.object(OpsPack.dashboard());
    assertEquals("sightline-service", dashboard.get("uid"));
    assertNotNull(dashboard.get("title"));
    @SuppressWarnings("unchecked")
    Map<String, Object> templating = (Map<String, Object>) dashboard.get("templating");
    Set<String> variables = new LinkedHashSet<>();
    for (Map<String, Object> variable : PrometheusServer.list(templating.get("list"))) {
      variables.add((String) variable.get("name"));
    }
    assertTrue(variables.containsAll(List.of("datasource", "service", "route")), variables.toString());

    Set<Object> ids = new HashSet<>();
    for (Map<String, Object> panel : PrometheusServer.list(dashboard.get("panels"))) {
      assertTrue(ids.add(panel.get("id")), "duplicate panel id " + panel.get("id"));
      @SuppressWarnings("unchecked")
      Map<String, Object> grid = (Map<String, Object>) panel.get("gridPos");
      for (String key : List.of("h", "w", "x", "y")) {
        assertTrue(grid.get(key) instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue()),
            panel.get("title") + ": gridPos." + key + " is not a whole number: " + grid);
      }
      assertTrue(((Number) grid.get("x")).intValue() + ((Number) grid.get("w")).intValue() <= 24,
          panel.get("title") + " is wider than the dashboard: " + grid);
      if ("row".equals(panel.get("type"))) {
        continue;
      }
      assertEquals(Map.of("type", "prometheus", "uid", "${datasource}"), panel.get("datasource"), panel.get("title") + "");
      assertFalse(PrometheusServer.list(panel.get("targets")).isEmpty(), panel.get("title") + " has no query");
    }
    for (OpsPack.PanelQuery query : OpsPack.panelQueries(OpsPack.dashboard())) {
      assertTrue(query.expr().contains("job=~\"$service\""), query.panel() + " ignores the service: " + query.expr());
    }
  }

  @Test
  void theAgentJarCarriesTheRepositorysFiles() throws IOException {
    String jar = System.getProperty("sightline.agent.jar");
    assertNotNull(jar, "sightline.agent.jar is not set");
    try (JarFile agent = new JarFile(jar)) {
      for (String name : List.of("alerts.yml", "dashboard.json")) {
        var entry = agent.getJarEntry(OpsPack.JAR_FOLDER + name);
        assertNotNull(entry, name + " is missing from " + jar);
        try (InputStream in = agent.getInputStream(entry)) {
          assertEquals(Files.readString(OpsPack.SOURCE.resolve(name)), new String(in.readAllBytes(), StandardCharsets.UTF_8),
              name + " in the agent jar differs from the repository's: rebuild the agent");
        }
      }
    }
  }
}
