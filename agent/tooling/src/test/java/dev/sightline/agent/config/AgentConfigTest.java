package dev.sightline.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.bootstrap.AgentLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

  private final Properties properties = new Properties();
  private final Map<String, String> environment = new HashMap<>();
  private final AgentConfig config = new AgentConfig(properties, environment);

  @Test
  void systemPropertyWinsOverEnvironmentWhichWinsOverDefault() {
    environment.put("SIGHTLINE_ENDPOINT_PORT", "9000");
    assertEquals(9000, config.getInt("sightline.endpoint.port", 9464, -1, 65535));
    properties.setProperty("sightline.endpoint.port", "9100");
    assertEquals(9100, config.getInt("sightline.endpoint.port", 9464, -1, 65535));
    assertEquals(9464, config.getInt("sightline.other.port", 9464, -1, 65535));
  }

  @Test
  void environmentNamesUpperCaseWithUnderscores() {
    assertEquals("SIGHTLINE_KAFKA_POLL_SPANS", AgentConfig.environmentName("sightline.kafka.poll-spans"));
    environment.put("SIGHTLINE_INSTRUMENTATION_JAVA_HTTP_CLIENT_ENABLED", "false");
    assertFalse(config.instrumentationEnabled("java-http-client", true));
    assertTrue(config.instrumentationEnabled("jdbc", true));
  }

  @Test
  void switchesNamingNoInstrumentationAreFoundInEitherSpelling() {
    List<String> known = List.of("jdbc", "kafka-clients", "java-http-client");
    properties.setProperty("sightline.instrumentation.jdbc.enabled", "false");
    properties.setProperty("sightline.instrumentation.kafka.enabled", "false");
    properties.setProperty("sightline.instrumentation.JDBC.enabled", "false");
    properties.setProperty("sightline.jdbc.sanitize", "false");
    environment.put("SIGHTLINE_INSTRUMENTATION_KAFKA_CLIENTS_ENABLED", "false");
    environment.put("SIGHTLINE_INSTRUMENTATION_HTTPCLIENT_ENABLED", "false");
    environment.put("PATH", "/usr/bin");
    assertEquals(
        List.of("SIGHTLINE_INSTRUMENTATION_HTTPCLIENT_ENABLED", "sightline.instrumentation.JDBC.enabled", "sightline.instrumentation.kafka.enabled"),
        config.unknownInstrumentationSwitches(known));
  }

  @Test
  void blankIsUnset() {
    properties.setProperty("sightline.log.level", "   ");
    assertNull(config.get("sightline.log.level"));
  }

  @Test
  void invalidValuesFallBackToTheDefaultWithOneWarning() {
    properties.setProperty("sightline.endpoint.port", "abc");
    properties.setProperty("sightline.traces.buffer", "-5");
    properties.setProperty("sightline.enabled", "yes please");
    String log =
        LogCapture.stderr(
            () -> {
              assertEquals(9464, config.getInt("sightline.endpoint.port", 9464, -1, 65535));
              assertEquals(9464, config.getInt("sightline.endpoint.port", 9464, -1, 65535));
              assertEquals(2048, config.getInt("sightline.traces.buffer", 2048, 0, 1_000_000));
              assertTrue(config.getBoolean("sightline.enabled", true));
            });
    assertTrue(log.contains("invalid value 'abc' for sightline.endpoint.port"), log);
    assertTrue(log.contains("using 9464"), log);
    assertEquals(1, log.split("sightline.endpoint.port", -1).length - 1, "warned once: " + log);
    assertTrue(log.contains("invalid value '-5' for sightline.traces.buffer"), log);
    assertTrue(log.contains("invalid value 'yes please' for sightline.enabled"), log);
  }

  @Test
  void logLevels() {
    properties.setProperty("sightline.log.level", "DEBUG");
    assertEquals(AgentLog.DEBUG, config.getLogLevel("sightline.log.level", AgentLog.INFO));
    properties.setProperty("sightline.log.level", "loud");
    assertEquals(AgentLog.INFO, LogCapture.value(() -> config.getLogLevel("sightline.log.level", AgentLog.INFO)));
  }
}
