package dev.sightline.apps.otelapi;

import dev.sightline.testing.TestApp;
import java.nio.file.Path;

/**
 * The same app on OpenTelemetry API and context 1.30 (the jars Maven copies to
 * {@code target/old-otel-api}): an application built long before the agent must be served the same
 * way. The app calls nothing that 1.30 lacks.
 */
class OldApiTest extends OtelApiContract {

  private static final Path OLD = Path.of("target", "old-otel-api");

  @Override
  TestApp.Builder configure(TestApp.Builder builder) {
    return builder
        .swapJar("opentelemetry-api-", OLD.resolve("opentelemetry-api-1.30.1.jar"))
        .swapJar("opentelemetry-context-", OLD.resolve("opentelemetry-context-1.30.1.jar"));
  }

  @Override
  String expectedApiJar() {
    return "opentelemetry-api-1.30.1.jar";
  }
}
