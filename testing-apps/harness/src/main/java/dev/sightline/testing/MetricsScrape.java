package dev.sightline.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One scrape of a Prometheus text exposition (format 0.0.4), parsed into samples.
 *
 * <p>Queries match a sample by its exact name (histogram series are {@code x_bucket},
 * {@code x_count}, {@code x_sum}) and by a subset of its labels given as key/value pairs.
 */
public final class MetricsScrape {

  public static final String ACCEPT_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** One sample line: metric name, labels in exposition order, value. */
  public record Sample(String name, Map<String, String> labels, double value) {

    public Sample {
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public String label(String key) {
      return labels.get(key);
    }

    /** True when every given key/value pair is among this sample's labels. */
    public boolean hasLabels(String... labelKeyValues) {
      requirePairs(labelKeyValues);
      for (int i = 0; i < labelKeyValues.length; i += 2) {
        if (!labelKeyValues[i + 1].equals(labels.get(labelKeyValues[i]))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return name + labels + " " + value;
    }
  }

  private final String text;
  private final List<Sample> samples;
  private final Map<String, String> types;
  private final Map<String, String> helps;

  private MetricsScrape(
      String text, List<Sample> samples, Map<String, String> types, Map<String, String> helps) {
    this.text = text;
    this.samples = List.copyOf(samples);
    this.types = Map.copyOf(types);
    this.helps = Map.copyOf(helps);
  }

  /**
   * Scrapes {@code metricsUrl} every 250 ms until a scrape meets {@code condition}, and returns it;
   * after {@code patience}, fails with the last scrape and whatever {@code context} adds (an app's log).
   */
  public static MetricsScrape await(
      String metricsUrl, Duration patience, Predicate<MetricsScrape> condition, Supplier<String> context) {
    MetricsScrape scrape = null;
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      scrape = scrape(metricsUrl);
      if (condition.test(scrape)) {
        return scrape;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + metricsUrl, e);
      }
    }
    throw new AssertionError("metrics condition not met within " + patience + "; last scrape:\n"
        + (scrape == null ? "" : scrape.text()) + context.get());
  }

  /** GETs the URL asking for the Prometheus text format and parses the answer. */
  public static MetricsScrape scrape(String metricsUrl) {
    Http.Response response = Http.get(metricsUrl, "Accept", ACCEPT_TEXT);
    if (response.status() != 200) {
      String body = response.body();
      throw new AssertionError("GET " + metricsUrl + " answered " + response.status() + ": "
          + (body.length() > 500 ? body.substring(0, 500) + "..." : body));
    }
    return parse(response.body());
  }

  public static MetricsScrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new HashMap<>();
    Map<String, String> helps = new HashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        if (line.startsWith("#")) {
          comment(line, types, helps);
        } else {
          samples.add(new SampleLineParser(line).parse());
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Bad metrics line " + (i + 1) + ": " + e.getMessage() + ": " + lines[i], e);
      }
    }
    return new MetricsScrape(text, samples, types, helps);
  }

  private static void comment(String line, Map<String, String> types, Map<String, String> helps) {
    String[] parts = line.substring(1).strip().split("[ \t]+", 3);
    if (parts.length < 2) {
      return; // a plain comment
    }
    if (parts[0].equals("TYPE")) {
      types.put(parts[1], parts.length > 2 ? parts[2].strip() : "untyped");
    } else if (parts[0].equals("HELP")) {
      helps.put(parts[1], parts.length > 2 ? unescapeHelp(parts[2]) : "");
    }
  }

  private static String unescapeHelp(String help) {
    return help.replace("\\n", "\n").replace("\\\\", "\\");
  }

  public List<Sample> samples() {
    return samples;
  }

  public List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).collect(Collectors.toList());
  }

  /** The first sample with this name whose labels include the given key/value pairs. */
  public Optional<Sample> find(String name, String... labelKeyValues) {
    requirePairs(labelKeyValues);
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.hasLabels(labelKeyValues))
        .findFirst();
  }

  /** Sum over all samples with this name whose labels include the given pairs; 0 if none. */
  public double sum(String name, String... labelKeyValues) {
    requirePairs(labelKeyValues);
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.hasLabels(labelKeyValues))
        .mapToDouble(Sample::value)
        .sum();
  }

  /** Sorted sample names. */
  public Set<String> names() {
    return samples.stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Sorted values that {@code label} takes across samples named {@code name}. */
  public Set<String> labelValues(String name, String label) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().containsKey(label))
        .map(s -> s.label(label))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The {@code # TYPE} of a metric family (e.g. "counter", "histogram"), if declared. */
  public Optional<String> type(String family) {
    return Optional.ofNullable(types.get(family));
  }

  /** The unescaped {@code # HELP} text of a metric family, if declared. */
  public Optional<String> help(String family) {
    return Optional.ofNullable(helps.get(family));
  }

  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return "MetricsScrape" + names();
  }

  static void requirePairs(String[] keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("Labels must be key/value pairs, got an odd count");
    }
  }

  /** Parses {@code name{l1="v1",l2="v2"} value [timestamp]}. */
  private static final class SampleLineParser {
    private final String line;
    private int pos;

    SampleLineParser(String line) {
      this.line = line;
    }

    Sample parse() {
      String name = name(true);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("expected a metric name");
      }
      Map<String, String> labels = new LinkedHashMap<>();
      skipBlanks();
      if (peek() == '{') {
        pos++;
        labels(labels);
      }
      String[] rest = line.substring(pos).strip().split("[ \t]+");
      if (rest.length < 1 || rest[0].isEmpty() || rest.length > 2) {
        throw new IllegalArgumentException("expected a value and an optional timestamp");
      }
      double value = value(rest[0]);
      if (rest.length == 2) {
        try {
          Long.parseLong(rest[1]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad timestamp " + rest[1]);
        }
      }
      return new Sample(name, labels, value);
    }

    private void labels(Map<String, String> labels) {
      while (true) {
        skipBlanks();
        if (peek() == '}') {
          pos++;
          return;
        }
        String key = name(false);
        if (key.isEmpty()) {
          throw new IllegalArgumentException("expected a label name at column " + (pos + 1));
        }
        skipBlanks();
        expect('=');
        skipBlanks();
        expect('"');
        labels.put(key, quotedRest());
        skipBlanks();
        if (peek() == ',') {
          pos++;
        } else if (peek() != '}') {
          throw new IllegalArgumentException("expected ',' or '}' at column " + (pos + 1));
        }
      }
    }

    private String quotedRest() {
      StringBuilder out = new StringBuilder();
      while (pos < line.length()) {
        char c = line.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (pos >= line.length()) {
          break;
        }
        char escaped = line.charAt(pos++);
        switch (escaped) {
          case 'n': out.append('\n'); break;
          case '\\': out.append('\\'); break;
          case '"': out.append('"'); break;
          default: throw new IllegalArgumentException("invalid escape \\" + escaped);
        }
      }
      throw new IllegalArgumentException("unterminated label value");
    }

    private String name(boolean metricName) {
      int start = pos;
      while (pos < line.length()) {
        char c = line.charAt(pos);
        boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
            || (metricName && c == ':');
        boolean digit = c >= '0' && c <= '9';
        if (!letter && !(digit && pos > start)) {
          break;
        }
        pos++;
      }
      return line.substring(start, pos);
    }

    private static double value(String token) {
      switch (token) {
        case "+Inf":
        case "Inf":
          return Double.POSITIVE_INFINITY;
        case "-Inf":
          return Double.NEGATIVE_INFINITY;
        case "NaN":
          return Double.NaN;
        default:
          try {
            return Double.parseDouble(token);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad value " + token);
          }
      }
    }

    private void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at column " + (pos + 1));
      }
      pos++;
    }

    private char peek() {
      return pos < line.length() ? line.charAt(pos) : '\0';
    }

    private void skipBlanks() {
      while (peek() == ' ' || peek() == '\t') {
        pos++;
      }
    }
  }
}
