package dev.sightline.apps.logs;

import dev.sightline.testing.TestApp;
import java.nio.file.Path;
import java.util.List;

/**
 * The same app on the oldest versions the agent supports: Logback 1.2 through SLF4J 1.7, and Log4j
 * 2.17 (the jars Maven copies to {@code target/old-logging}).
 */
class OldLoggingTest extends LogCorrelationContract {

  private static final Path OLD = Path.of("target", "old-logging");

  @Override
  TestApp.Builder configure(TestApp.Builder builder) {
    return builder
        .swapJar("slf4j-api-", OLD.resolve("slf4j-api-1.7.36.jar"))
        .swapJar("logback-classic-", OLD.resolve("logback-classic-1.2.13.jar"))
        .swapJar("logback-core-", OLD.resolve("logback-core-1.2.13.jar"))
        .swapJar("log4j-api-", OLD.resolve("log4j-api-2.17.2.jar"))
        .swapJar("log4j-core-", OLD.resolve("log4j-core-2.17.2.jar"));
  }

  @Override
  List<String> expectedJars() {
    return List.of("slf4j-api-1.7.36.jar", "logback-classic-1.2.13.jar", "log4j-api-2.17.2.jar", "log4j-core-2.17.2.jar");
  }
}
