package dev.sightline.apps.shop;

import dev.sightline.testing.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations pack (alert rules and Grafana dashboard) as the repository holds it, and the
 * forms the tests hand to Prometheus: rules with shortened durations, panel queries with the
 * dashboard's variables filled in.
 */
final class OpsPack {

  /** Where the agent's build takes the files from (tests run in the shop's module folder). */
  static final Path SOURCE =
      Path.of("../../agent/tooling/src/main/resources/dev/sightline/agent/ops").toAbsolutePath().normalize();
  /** Their folder inside the agent jar. */
  static final String JAR_FOLDER = "dev/sightline/agent/ops/";

  private static final Pattern DURATION = Pattern.compile("(for: |\\[|offset )(\\d+)([smhd])");
  private static final Pattern ALERT = Pattern.compile("(?m)^\\s*- alert: (\\w+)\\s*$");

  /** One query of one panel. */
  record PanelQuery(String panel, String expr) {}

  private OpsPack() {}

  static String alerts() {
    return read("alerts.yml");
  }

  static String dashboard() {
    return read("dashboard.json");
  }

  static List<String> alertNames(String rules) {
    List<String> names = new ArrayList<>();
    Matcher matcher = ALERT.matcher(rules);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /**
   * The rules with every {@code for:}, range and offset divided by {@code divisor} (at least one
   * second), so a test sees in seconds what production waits minutes for.
   */
  static String withShortDurations(String rules, int divisor) {
    Matcher matcher = DURATION.matcher(rules);
    StringBuilder shortened = new StringBuilder();
    while (matcher.find()) {
      long seconds = Long.parseLong(matcher.group(2)) * switch (matcher.group(3)) {
        case "s" -> 1;
        case "m" -> 60;
        case "h" -> 3600;
        default -> 86400;
      };
      matcher.appendReplacement(shortened, matcher.group(1) + Math.max(1, seconds / divisor) + "s");
    }
    return matcher.appendTail(shortened).toString();
  }

  /** Every query of every panel of the dashboard. */
  static List<PanelQuery> panelQueries(String dashboardJson) {
    List<PanelQuery> queries = new ArrayList<>();
    for (Map<String, Object> panel : PrometheusServer.list(Json.object(dashboardJson).get("panels"))) {
      for (Map<String, Object> target : PrometheusServer.list(panel.get("targets"))) {
        queries.add(new PanelQuery((String) panel.get("title"), (String) target.get("expr")));
      }
    }
    return queries;
  }

  /** {@code expr} as Grafana would send it, with the given variable values and rate interval. */
  static String instantQuery(String expr, Map<String, String> variables, String rateInterval) {
    String query = expr.replace("$__rate_interval", rateInterval);
    for (Map.Entry<String, String> variable : variables.entrySet()) {
      query = query.replace("$" + variable.getKey(), variable.getValue());
    }
    if (query.contains("$")) {
      throw new AssertionError("a variable of the dashboard is not filled in: " + query);
    }
    return query;
  }

  private static String read(String name) {
    try {
      return Files.readString(SOURCE.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("the operations pack is not at " + SOURCE, e);
    }
  }
}
