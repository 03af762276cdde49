package dev.sightline.agent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DependenciesTest {

  private final Dependencies dependencies = new Dependencies();

  @Test
  void statusFollowsTheLastOutcome() {
    assertEquals(HealthStatus.UP, dependencies.worst());
    dependencies.success("http", "a:80");
    assertEquals(HealthStatus.UP, dependencies.worst());
    dependencies.failure("http", "a:80", "java.net.ConnectException");
    Dependency a = dependencies.all().iterator().next();
    assertEquals(HealthStatus.DEGRADED, a.status());
    assertEquals(1, a.recentErrors());
    assertEquals("java.net.ConnectException", a.lastError());
    dependencies.down("rabbitmq", "b:5672", "connection reset");
    assertEquals(HealthStatus.DOWN, dependencies.worst());
    dependencies.success("rabbitmq", "b:5672");
    dependencies.success("http", "a:80");
    assertEquals(HealthStatus.UP, dependencies.worst());
    assertEquals(1, a.recentErrors(), "recent errors outlive a later success");
  }

  @Test
  void boundedNumberOfDependencies() {
    for (int i = 0; i < Dependencies.MAX + 50; i++) {
      dependencies.success("http", "host" + i + ":80");
    }
    assertEquals(Dependencies.MAX, dependencies.all().size());
  }

  @Test
  void readinessWaitsForOpenedServers() {
    Readiness readiness = new Readiness();
    Object server = new Object();
    assertEquals(false, readiness.ready());
    readiness.installed();
    assertEquals(true, readiness.ready());
    readiness.serverOpened(server);
    assertEquals(false, readiness.ready());
    readiness.serverListening(server);
    assertEquals(true, readiness.ready());
  }
}
