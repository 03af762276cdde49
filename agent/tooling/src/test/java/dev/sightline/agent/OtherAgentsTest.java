package dev.sightline.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtherAgentsTest {

  private static final Map<String, String> PREMAIN_CLASSES = Map.of(
      "/opt/otel/opentelemetry-javaagent.jar", OtherAgents.OPENTELEMETRY_PREMAIN,
      "/opt/renamed.jar", OtherAgents.OPENTELEMETRY_PREMAIN,
      "/opt/sightline-agent.jar", "dev.sightline.agent.Premain");

  @Test
  void theOpenTelemetryAgentIsFoundByItsManifestWhateverItsNameAndPlace() {
    assertEquals("/opt/otel/opentelemetry-javaagent.jar", OtherAgents.openTelemetryAgent(
        List.of("-Xmx1g", "-javaagent:/opt/sightline-agent.jar", "-javaagent:/opt/otel/opentelemetry-javaagent.jar"),
        PREMAIN_CLASSES::get));
    assertEquals("/opt/renamed.jar", OtherAgents.openTelemetryAgent(
        List.of("-javaagent:/opt/renamed.jar=otel.service.name=x", "-jar", "app.jar"), PREMAIN_CLASSES::get));
  }

  @Test
  void otherAgentsAndOptionsAreLeftAlone() {
    assertNull(OtherAgents.openTelemetryAgent(
        List.of("-javaagent:/opt/sightline-agent.jar", "-javaagent:/missing.jar", "-Dx=-javaagent:/opt/renamed.jar"),
        PREMAIN_CLASSES::get));
  }
}
