package dev.sightline.apps.otelapi;

import dev.sightline.testing.TestApp;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The OpenTelemetry API the app is built with (the parent's BOM version). */
class CurrentApiTest extends OtelApiContract {

  @Override
  TestApp.Builder configure(TestApp.Builder builder) {
    return builder;
  }

  /** The API jar Maven resolved for the app, so the test follows the BOM without naming its version. */
  @Override
  String expectedApiJar() throws IOException {
    String classpath = Files.readString(Path.of("target", "runtime.classpath")).strip();
    return Arrays.stream(classpath.split(File.pathSeparator))
        .map(entry -> Path.of(entry).getFileName().toString())
        .filter(name -> name.matches("opentelemetry-api-\\d.*\\.jar"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no opentelemetry-api jar in target/runtime.classpath"));
  }
}
