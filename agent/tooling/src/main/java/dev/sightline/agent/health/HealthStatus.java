package dev.sightline.agent.health;

/** Ordered from best to worst. */
public enum HealthStatus {
  UP,
  DEGRADED,
  DOWN;

  public HealthStatus worse(HealthStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
