package dev.sightline.agent.telemetry;

import dev.sightline.bootstrap.AgentLog;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * One gauge family read at scrape time from several sources: each copy of a library (two
 * webapps with their own Kafka clients) adds its own. Sources are held weakly, so a copy the
 * application unloads drops out of the family instead of being kept alive by the registry; a
 * series two sources both report keeps the larger value.
 */
public final class SharedGauge {

  private final String name;
  private final List<WeakReference<Supplier<Map<List<String>, Double>>>> sources = new CopyOnWriteArrayList<>();

  SharedGauge(PrometheusRegistry registry, String name, String help, String... labelNames) {
    this.name = name;
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(labelNames)
        .callback(
            callback -> {
              for (Map.Entry<List<String>, Double> series : read().entrySet()) {
                callback.call(series.getValue(), series.getKey().toArray(new String[0]));
              }
            })
        .register(registry);
  }

  /** The caller keeps {@code source} reachable for as long as it should be read. */
  public void add(Supplier<Map<List<String>, Double>> source) {
    sources.add(new WeakReference<>(source));
  }

  private Map<List<String>, Double> read() {
    Map<List<String>, Double> merged = new HashMap<>();
    for (WeakReference<Supplier<Map<List<String>, Double>>> reference : sources) {
      Supplier<Map<List<String>, Double>> source = reference.get();
      if (source == null) {
        sources.remove(reference);
        continue;
      }
      try {
        for (Map.Entry<List<String>, Double> series : source.get().entrySet()) {
          merged.merge(series.getKey(), series.getValue(), Math::max);
        }
      } catch (RuntimeException e) {
        AgentLog.warnOnce("gauge-read:" + name, "could not read " + name + " from one of its sources", e);
      }
    }
    return merged;
  }
}
