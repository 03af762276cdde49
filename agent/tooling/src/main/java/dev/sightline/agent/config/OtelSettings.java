package dev.sightline.agent.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks the standard OpenTelemetry settings before the SDK's autoconfigure reads them, so a
 * bad value costs one WARN and a safe default instead of a failed start. Returns the values
 * to use in place of the bad ones; everything valid passes through untouched.
 */
public final class OtelSettings {

  public static final String DEFAULT_ENDPOINT = "http://localhost:4318";

  private static final Set<String> SAMPLERS =
      new LinkedHashSet<>(
          Arrays.asList(
              "always_on",
              "always_off",
              "traceidratio",
              "parentbased_always_on",
              "parentbased_always_off",
              "parentbased_traceidratio"));
  private static final Set<String> PROPAGATORS =
      new LinkedHashSet<>(Arrays.asList("tracecontext", "baggage", "none"));
  private static final Pattern DURATION = Pattern.compile("\\d+\\s*(ms|s|m|h|d)?");
  private static final Pattern WHOLE = Pattern.compile("\\d+");
  private static final Set<String> COMPRESSIONS = new LinkedHashSet<>(Arrays.asList("gzip", "none"));
  /** The SDK's own "unlimited" for a value length. */
  private static final String NO_LIMIT = Integer.toString(Integer.MAX_VALUE);

  private final Function<String, String> settings;
  private final Map<String, String> replacements = new HashMap<>();

  private OtelSettings(Function<String, String> settings) {
    this.settings = settings;
  }

  /** {@code settings} answers a key with its configured value, or null. */
  public static Map<String, String> replacementsFor(Function<String, String> settings) {
    OtelSettings check = new OtelSettings(settings);
    check.run();
    return check.replacements;
  }

  private void run() {
    oneOf("otel.traces.sampler", SAMPLERS, "parentbased_always_on");
    String sampler = lower(value("otel.traces.sampler"));
    if (sampler == null || sampler.endsWith("traceidratio")) {
      ratio("otel.traces.sampler.arg");
    }
    oneOf("otel.traces.exporter", new LinkedHashSet<>(Arrays.asList("otlp", "none")), "otlp");
    protocol("otel.exporter.otlp.protocol");
    protocol("otel.exporter.otlp.traces.protocol");
    endpoint("otel.exporter.otlp.endpoint", DEFAULT_ENDPOINT);
    // A signal-specific endpoint is used as given, so its stand-in carries the path.
    endpoint("otel.exporter.otlp.traces.endpoint", generalEndpoint() + "/v1/traces");
    keyValueList("otel.exporter.otlp.headers");
    keyValueList("otel.exporter.otlp.traces.headers");
    keyValueList("otel.resource.attributes");
    propagators();
    duration("otel.bsp.schedule.delay", "5000");
    duration("otel.bsp.export.timeout", "30000");
    duration("otel.exporter.otlp.timeout", "10000");
    duration("otel.exporter.otlp.traces.timeout", "10000");
    positive("otel.bsp.max.queue.size", "2048");
    positive("otel.bsp.max.export.batch.size", "512");
    oneOf("otel.sdk.disabled", new LinkedHashSet<>(Arrays.asList("true", "false")), "false");
    for (String key : new String[] {"otel.exporter.otlp.compression", "otel.exporter.otlp.traces.compression"}) {
      // the SDK's exporter refuses any other, and then no span would leave the JVM
      oneOf(key, COMPRESSIONS, "none");
    }
    // the exporter's choice is read with these settings, when the first batch is sent: checked now
    oneOf("sightline.export.implementation", new LinkedHashSet<>(Arrays.asList("sightline", "sdk")), "sightline");
    certificates("otel.exporter.otlp.");
    certificates("otel.exporter.otlp.traces.");
    limits();
  }

  /**
   * The SDK builds its span limits from these; one it cannot use rejects the whole configuration
   * (endpoint and headers included), so each bad one is replaced alone. A span-level limit falls
   * back to the general one, as when it is unset.
   */
  private void limits() {
    String length = limit("otel.attribute.value.length.limit", NO_LIMIT);
    String count = limit("otel.attribute.count.limit", "128");
    limit("otel.span.attribute.value.length.limit", length);
    limit("otel.span.attribute.count.limit", count);
    for (String key : new String[] {
        "otel.span.event.count.limit", "otel.span.link.count.limit",
        "otel.event.attribute.count.limit", "otel.link.attribute.count.limit"}) {
      limit(key, "128");
    }
  }

  /** The limit to use for {@code key}: its own value, or {@code fallback} if unset or unusable. */
  private String limit(String key, String fallback) {
    String value = value(key);
    if (value == null) {
      return fallback;
    }
    if (wholeNumber(value)) {
      return value;
    }
    AgentConfig.invalid(key, value, NO_LIMIT.equals(fallback) ? "no limit" : fallback, "a whole number from 0 to 999999999");
    replacements.put(key, fallback);
    return fallback;
  }

  /**
   * A certificate or key file that cannot be read would leave the exporter unbuilt and every span
   * unsent; without it the JVM's own trust (or no client certificate) is used and the collector
   * says whether that is enough. An emptied setting is unset to the agent's exporter.
   */
  private void certificates(String prefix) {
    String authority = prefix + "certificate";
    if (unreadable(authority)) {
      emptyOut(authority, "the JVM's trusted certificates");
    }
    String key = prefix + "client.key";
    String certificate = prefix + "client.certificate";
    String unreadable = unreadable(key) ? key : unreadable(certificate) ? certificate : null;
    if (unreadable != null) {
      // a client key is no use without its certificate, nor the other way round
      emptyOut(unreadable, "no client certificate");
      replacements.put(key, "");
      replacements.put(certificate, "");
    }
  }

  private void emptyOut(String key, String used) {
    AgentConfig.invalid(key, value(key), used, "a readable PEM file");
    replacements.put(key, "");
  }

  private boolean unreadable(String key) {
    String value = value(key);
    if (value == null) {
      return false;
    }
    try {
      Path file = Paths.get(value);
      return !Files.isReadable(file) || Files.isDirectory(file);
    } catch (RuntimeException e) {
      return true; // not even a path
    }
  }

  private String value(String key) {
    String raw = settings.apply(key);
    if (raw == null || raw.trim().isEmpty()) {
      return null;
    }
    String value = raw.trim();
    if (!value.equals(raw)) {
      // the SDK reads values as they are: a space or the carriage return of an env file written
      // on Windows around a number or a name would have it refuse the whole configuration
      replacements.putIfAbsent(key, value);
    }
    return value;
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  private void replace(String key, String bad, String used, String expected) {
    AgentConfig.invalid(key, bad, used, expected);
    replacements.put(key, used);
  }

  private void oneOf(String key, Set<String> allowed, String fallback) {
    String raw = settings.apply(key);
    if (raw != null && raw.trim().isEmpty()) {
      // empty is unset, as the specification reads it; the SDK would reject it as a name
      replacements.put(key, fallback);
      return;
    }
    String value = value(key);
    if (value != null && !allowed.contains(lower(value))) {
      replace(key, value, fallback, "one of " + allowed);
    } else if (value != null && !value.equals(lower(value))) {
      // the specification reads these names in any case; the SDK only in lower case
      replacements.put(key, lower(value));
    }
  }

  private void ratio(String key) {
    String value = value(key);
    if (value == null) {
      return;
    }
    try {
      double ratio = Double.parseDouble(value);
      if (ratio >= 0 && ratio <= 1) {
        return;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    replace(key, value, "1.0", "a sampling ratio from 0.0 to 1.0");
  }

  private void protocol(String key) {
    String value = value(key);
    if (value == null || "http/protobuf".equalsIgnoreCase(value)) {
      return;
    }
    if ("grpc".equalsIgnoreCase(value)) {
      // The agent carries only the JDK HttpClient sender, which cannot speak gRPC (no trailers).
      replace(key, value, "http/protobuf", "http/protobuf; gRPC needs a sender the agent does not ship");
      String endpoint = value("otel.exporter.otlp.endpoint");
      if (endpoint != null && endpoint.endsWith(":4317")) {
        String http = endpoint.substring(0, endpoint.length() - 4) + "4318";
        replace("otel.exporter.otlp.endpoint", endpoint, http, "the OTLP/HTTP port with http/protobuf");
      }
      return;
    }
    replace(key, value, "http/protobuf", "http/protobuf");
  }

  private void endpoint(String key, String fallback) {
    String value = value(key);
    if (value == null || replacements.containsKey(key)) {
      return;
    }
    try {
      URI uri = new URI(value);
      String scheme = lower(uri.getScheme());
      if (("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null) {
        return;
      }
    } catch (Exception e) {
      // reported below
    }
    replace(key, value, fallback, "an http:// or https:// URL");
  }

  private String generalEndpoint() {
    String general = replacements.get("otel.exporter.otlp.endpoint");
    if (general == null) {
      general = value("otel.exporter.otlp.endpoint");
    }
    general = general == null ? DEFAULT_ENDPOINT : general;
    return general.endsWith("/") ? general.substring(0, general.length() - 1) : general;
  }

  private void keyValueList(String key) {
    String value = value(key);
    if (value == null) {
      return;
    }
    List<String> kept = new ArrayList<>();
    boolean bad = false;
    for (String entry : value.split(",")) {
      int eq = entry.indexOf('=');
      if (eq > 0 && !entry.substring(0, eq).trim().isEmpty()) {
        kept.add(entry.trim());
      } else if (!entry.trim().isEmpty()) {
        bad = true;
      }
    }
    if (bad) {
      replace(key, value, String.join(",", kept), "comma-separated key=value pairs; malformed entries dropped");
    }
  }

  private void propagators() {
    String key = "otel.propagators";
    String value = value(key);
    if (value == null) {
      return;
    }
    List<String> kept = new ArrayList<>();
    boolean bad = false;
    for (String name : value.split(",")) {
      String trimmed = lower(name.trim());
      if (PROPAGATORS.contains(trimmed)) {
        kept.add(trimmed);
      } else if (!trimmed.isEmpty()) {
        bad = true;
      }
    }
    if (bad) {
      String used = kept.isEmpty() ? "tracecontext,baggage" : String.join(",", kept);
      replace(key, value, used, "propagators among " + PROPAGATORS);
    } else if (!String.join(",", kept).equals(value)) {
      replacements.put(key, String.join(",", kept)); // "TraceContext, Baggage": valid, but not to the SDK
    }
  }

  private void duration(String key, String fallback) {
    String value = value(key);
    if (value != null && !DURATION.matcher(value).matches()) {
      replace(key, value, fallback, "a duration in milliseconds, or with a unit: 500ms, 5s");
    }
  }

  private void positive(String key, String fallback) {
    String value = value(key);
    if (value == null) {
      return;
    }
    if (!wholeNumber(value) || Integer.parseInt(value) < 1) {
      replace(key, value, fallback, "a whole number from 1 to 999999999");
    }
  }

  /** 0 to 999,999,999: digits only, few enough that any of them is an int. */
  private static boolean wholeNumber(String value) {
    return WHOLE.matcher(value).matches() && value.length() <= 9;
  }
}
