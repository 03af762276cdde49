package dev.sightline.apps.http;

import static dev.sightline.apps.http.RunningApp.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application under a security manager (deprecated, still there up to JDK 23). The agent's
 * refused property read once escaped premain, and an exception out of premain aborts the JVM: the
 * application did not start at all. Now the agent says why it steps aside and the application
 * runs as it would without it.
 */
class SecurityManagerTest {

  @Test
  void theAgentStepsAsideAndTheApplicationRuns(@TempDir Path folder) throws Exception {
    assumeTrue(Runtime.version().feature() < 24, "JDK 24 and later cannot enable a security manager");
    // The application's own code may do anything; the agent jar gets only the default grants.
    Path classes = Path.of(HttpApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path policy = Files.writeString(folder.resolve("app.policy"),
        "grant codeBase \"" + classes.toUri() + "-\" { permission java.security.AllPermission; };\n");
    try (RunningApp app = RunningApp.start(app("security-manager")
        .jvmArg("-Djava.security.manager", "-Djava.security.policy=" + policy))) {
      assertEquals("hello", app.expect(200, "/hello").body());
      List<String> warnings = app.agentLines("WARN");
      assertEquals(1, warnings.size(), () -> app.log());
      assertTrue(warnings.get(0).contains("a SecurityManager is installed") && warnings.get(0).contains("steps aside"),
          () -> app.log());
      assertEquals(List.of(), app.agentLines("ERROR"), () -> app.log());
      assertEquals(List.of(), app.agentLines("INFO"), () -> app.log());
    }
  }
}
