package dev.sightline.agent.export;

import dev.sightline.bootstrap.AgentLog;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Whether the agent's own OTLP exporter can serve the user's {@code otel.exporter.otlp.*}
 * settings, and builds it if so. What it does not do (client certificates or a custom CA, a
 * proxy, compression other than gzip) is left to the SDK's exporter, which is then used as
 * before, as it is with {@code sightline.export.implementation=sdk}.
 */
public final class DirectExportChoice {

  public static final String SETTING = "sightline.export.implementation";

  private DirectExportChoice() {}

  /** The agent's exporter for these settings, or null with the reason logged once at INFO. */
  public static SpanExporter create(ConfigProperties config, Executor exportThreads, ScheduledExecutorService watchdog) {
    String reason = unsupported(config);
    if (reason != null) {
      AgentLog.info("span export uses the OpenTelemetry SDK's exporter: " + reason);
      return null;
    }
    URI endpoint = URI.create(endpoint(config));
    String compression = lower(signal(config, "compression", "none"));
    Duration timeout = config.getDuration("otel.exporter.otlp.traces.timeout",
        config.getDuration("otel.exporter.otlp.timeout", Duration.ofSeconds(10)));
    int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    Map<String, String> headers = headers(config);
    if ("gzip".equals(compression)) {
      headers.put("Content-Encoding", "gzip");
    }
    boolean retry = !config.getBoolean("otel.java.exporter.otlp.retry.disabled", false)
        && config.getBoolean("otel.experimental.exporter.otlp.retry.enabled", true);
    return new DirectOtlpSpanExporter(endpoint, headers, "gzip".equals(compression), timeoutMillis, retry,
        userAgent(), exportThreads, watchdog);
  }

  /** Null when the agent's exporter serves these settings; otherwise what it lacks. */
  static String unsupported(ConfigProperties config) {
    if ("sdk".equalsIgnoreCase(config.getString(SETTING, "sightline").trim())) {
      return SETTING + "=sdk";
    }
    String protocol = lower(signal(config, "protocol", "http/protobuf"));
    if (!"http/protobuf".equals(protocol)) {
      return "protocol " + protocol;
    }
    for (String file : new String[] {"certificate", "client.key", "client.certificate"}) {
      if (signal(config, file, null) != null) {
        return "otel.exporter.otlp." + file + " is set";
      }
    }
    String compression = lower(signal(config, "compression", "none"));
    if (!"none".equals(compression) && !"gzip".equals(compression)) {
      return "compression " + compression;
    }
    URI endpoint;
    try {
      endpoint = URI.create(endpoint(config));
    } catch (IllegalArgumentException e) {
      return "endpoint " + e.getMessage();
    }
    String scheme = lower(endpoint.getScheme());
    if (!"http".equals(scheme) && !"https".equals(scheme) || endpoint.getHost() == null) {
      return "endpoint " + endpoint;
    }
    ProxySelector proxies = ProxySelector.getDefault();
    if (proxies != null) {
      List<Proxy> chosen = proxies.select(endpoint);
      if (chosen != null && !chosen.isEmpty() && chosen.get(0).type() != Proxy.Type.DIRECT) {
        return "the collector is reached through a proxy (" + chosen.get(0) + ")";
      }
    }
    for (Map.Entry<String, String> header : headers(config).entrySet()) {
      if (!writableInHead(header.getKey()) || !writableInHead(header.getValue())) {
        return "a header in otel.exporter.otlp.headers holds a line break or a character outside Latin-1";
      }
    }
    return null;
  }

  /**
   * The request head is written one byte per char: a control char (a line break above all) or a
   * char past Latin-1, whose low byte could be one, would change the request.
   */
  private static boolean writableInHead(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
        return false;
      }
    }
    return true;
  }

  /** The signal-specific endpoint as given, or the general one with /v1/traces. */
  static String endpoint(ConfigProperties config) {
    String traces = config.getString("otel.exporter.otlp.traces.endpoint");
    if (traces != null && !traces.trim().isEmpty()) {
      return traces.trim();
    }
    String general = config.getString("otel.exporter.otlp.endpoint", "http://localhost:4318").trim();
    return (general.endsWith("/") ? general.substring(0, general.length() - 1) : general) + "/v1/traces";
  }

  /** General headers, then the traces-specific ones over them; values are URL-decoded, as the SDK does. */
  static Map<String, String> headers(ConfigProperties config) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String key : new String[] {"otel.exporter.otlp.headers", "otel.exporter.otlp.traces.headers"}) {
      for (Map.Entry<String, String> header : config.getMap(key).entrySet()) {
        String value;
        try {
          value = URLDecoder.decode(header.getValue(), StandardCharsets.UTF_8.name());
        } catch (IllegalArgumentException | java.io.UnsupportedEncodingException e) {
          value = header.getValue();
        }
        headers.put(header.getKey().trim(), value);
      }
    }
    return headers;
  }

  private static String signal(ConfigProperties config, String name, String fallback) {
    String specific = config.getString("otel.exporter.otlp.traces." + name);
    if (specific != null && !specific.trim().isEmpty()) {
      return specific.trim();
    }
    String general = config.getString("otel.exporter.otlp." + name);
    return general != null && !general.trim().isEmpty() ? general.trim() : fallback;
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  private static String userAgent() {
    String version = DirectExportChoice.class.getPackage().getImplementationVersion();
    return "Sightline/" + (version == null ? "dev" : version) + " OTLP/HTTP";
  }
}
