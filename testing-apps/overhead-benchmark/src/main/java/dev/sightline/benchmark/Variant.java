package dev.sightline.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One way of running the app: no agent, Sightline, or the OpenTelemetry Java agent. */
record Variant(String id, String label, Path agentJar) {

  static Variant of(String id, BenchmarkOptions options) {
    return switch (id) {
      case "none" -> new Variant(id, "No agent", null);
      case "sightline" -> new Variant(id, "Sightline", options.sightlineAgent());
      case "otel" -> new Variant(id, "OpenTelemetry agent", options.otelAgent());
      default -> throw new IllegalArgumentException(id);
    };
  }

  /**
   * The agent flags. Both agents get the same service name and the same collector; each keeps
   * its defaults otherwise. The OpenTelemetry agent's metrics and logs exporters are off since the
   * receiver only plays a trace collector (Sightline exports no OTLP metrics or logs either).
   */
  List<String> jvmArgs(String serviceName, String otlpEndpoint, int sightlineEndpointPort) {
    List<String> args = new ArrayList<>();
    if (agentJar == null) {
      return args;
    }
    args.add("-javaagent:" + agentJar);
    args.add("-Dotel.service.name=" + serviceName);
    args.add("-Dotel.exporter.otlp.endpoint=" + otlpEndpoint);
    if (id.equals("sightline")) {
      // A free port instead of 9464, so a concurrent run elsewhere cannot collide with it.
      args.add("-Dsightline.endpoint.port=" + sightlineEndpointPort);
    } else {
      args.add("-Dotel.exporter.otlp.protocol=http/protobuf");
      args.add("-Dotel.metrics.exporter=none");
      args.add("-Dotel.logs.exporter=none");
    }
    return args;
  }

  long jarBytes() {
    return agentJar == null ? 0 : agentJar.toFile().length();
  }
}
