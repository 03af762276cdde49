package dev.sightline.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

  @Test
  void defaultsToHttpApp() {
    BenchmarkOptions options = BenchmarkOptions.parse(new String[0]);
    assertEquals(BenchmarkedApp.HTTP_APP, options.app());
    assertEquals("/hello:1,/api/orders/{id}:1", options.mix());
    assertEquals(16, options.connections());
    assertEquals(Path.of("target/benchmark-results").toAbsolutePath().normalize(), options.outputDir());
    assertTrue(options.appClasses().endsWith(Path.of("http-app/target/classes")));
  }

  @Test
  void shopGetsItsOwnDefaultsWhateverTheOptionOrder() {
    BenchmarkOptions options = BenchmarkOptions.parse(
        new String[] {"--connections", "4", "--app", "shop"});
    assertEquals(BenchmarkedApp.SHOP, options.app());
    assertEquals(4, options.connections());
    assertTrue(options.mix().startsWith("POST /orders {"), options.mix());
    assertEquals(4, LoadGenerator.expandMix(options.mix()).size());
    assertFalse(options.mix().contains("typewriter"));
    assertEquals(Path.of("target/benchmark-results/shop").toAbsolutePath().normalize(),
        options.outputDir());
    assertTrue(options.appClasses().endsWith(Path.of("shop/target/classes")));
    assertFalse(options.needsDownstream());
  }

  @Test
  void repeatsOptionsAndAsksForHelpOrMissingValues() {
    assertEquals(List.of("-Xmx1g", "-Xss1m"), BenchmarkOptions.parse(
        new String[] {"--app-jvm-arg", "-Xmx1g", "--app-jvm-arg", "-Xss1m"}).appJvmArgs());
    assertEquals("help", assertThrows(IllegalArgumentException.class,
        () -> BenchmarkOptions.parse(new String[] {"--rounds", "2", "-h"})).getMessage());
    assertEquals("--rounds needs a value", assertThrows(IllegalArgumentException.class,
        () -> MessagingOptions.parse(new String[] {"--rounds"})).getMessage());
    assertEquals("unknown option --bogus", assertThrows(IllegalArgumentException.class,
        () -> MessagingOptions.parse(new String[] {"--bogus", "1"})).getMessage());
  }

  @Test
  void rejectsUnknownApps() {
    assertThrows(IllegalArgumentException.class,
        () -> BenchmarkOptions.parse(new String[] {"--app", "petstore"}));
  }
}
