package dev.sightline.apps.logs;

import dev.sightline.testing.TestApp;
import java.util.List;

/** Logback 1.5 through SLF4J 2, and Log4j 2.26: the versions the app is built with. */
class CurrentLoggingTest extends LogCorrelationContract {

  @Override
  TestApp.Builder configure(TestApp.Builder builder) {
    return builder;
  }

  @Override
  List<String> expectedJars() {
    return List.of("slf4j-api-2.", "logback-classic-1.5.", "log4j-api-2.26.", "log4j-core-2.26.");
  }
}
