package dev.sightline.agent.config;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The SDK's settings as the specification reads them: an empty value is unset. The SDK's own
 * reader hands an empty string on as a value (an empty {@code otel.exporter.otlp.certificate} is
 * then a file path it cannot read), and a setting the agent had to empty out, because the file it
 * named could not be read, must reach the SDK's exporter as absent.
 */
public final class BlankIsUnset implements ConfigProperties {

  private final ConfigProperties settings;

  public BlankIsUnset(ConfigProperties settings) {
    this.settings = settings;
  }

  @Override
  public String getString(String name) {
    String value = settings.getString(name);
    return value == null || value.trim().isEmpty() ? null : value;
  }

  @Override
  public Boolean getBoolean(String name) {
    return settings.getBoolean(name);
  }

  @Override
  public Integer getInt(String name) {
    return settings.getInt(name);
  }

  @Override
  public Long getLong(String name) {
    return settings.getLong(name);
  }

  @Override
  public Double getDouble(String name) {
    return settings.getDouble(name);
  }

  @Override
  public Duration getDuration(String name) {
    return settings.getDuration(name);
  }

  @Override
  public List<String> getList(String name) {
    return settings.getList(name);
  }

  @Override
  public Map<String, String> getMap(String name) {
    return settings.getMap(name);
  }
}
