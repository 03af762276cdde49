package dev.sightline.agent;

import dev.sightline.agent.config.AgentConfig;
import dev.sightline.agent.endpoint.Endpoint;
import dev.sightline.agent.endpoint.EndpointServer;
import dev.sightline.agent.isolation.LibraryBinder;
import dev.sightline.agent.spi.InstrumentationModule;
import dev.sightline.agent.spi.Library;
import dev.sightline.agent.telemetry.RecentSpans;
import dev.sightline.agent.telemetry.Telemetry;
import dev.sightline.agent.telemetry.TracingSetup;
import dev.sightline.bootstrap.AgentLog;
import dev.sightline.bootstrap.AgentPresence;
import dev.sightline.bootstrap.Handlers;
import java.io.IOException;
import java.nio.channels.UnresolvedAddressException;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Installs the agent: configuration, telemetry pipeline, every enabled instrumentation, the
 * embedded endpoint, then one INFO line that says what is running where.
 */
public final class AgentInstaller {

  private AgentInstaller() {}

  private static String agentJar() {
    try {
      return java.nio.file.Paths.get(AgentInstaller.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return "?";
    }
  }

  /** Called reflectively by Premain once the bootstrap bridge is on the boot class path. */
  public static void install(String agentArgs, Instrumentation instrumentation, String version) {
    AgentConfig config = AgentConfig.fromSystem();
    AgentLog.setLevel(config.getLogLevel("sightline.log.level", AgentLog.INFO));
    if (agentArgs != null && !agentArgs.trim().isEmpty()) {
      // other agents read settings there; here they would be lost without a word
      AgentLog.warn("the agent's arguments ('" + agentArgs + "') are not read: settings are system properties or"
          + " environment variables, e.g. -Dsightline.log.level=debug or SIGHTLINE_LOG_LEVEL=debug");
    }
    if (!config.getBoolean("sightline.enabled", true)) {
      AgentLog.info("Sightline " + version + " is disabled (sightline.enabled=false); the application runs uninstrumented");
      return;
    }
    String thisAgent = "Sightline " + version + " (" + agentJar() + ")";
    String running = AgentPresence.claim(thisAgent);
    if (running != null) {
      AgentLog.warn(running + " already runs in this JVM: this second -javaagent, " + thisAgent + ", does nothing");
      return;
    }
    String openTelemetryAgent = OtherAgents.openTelemetryAgent();
    if (openTelemetryAgent != null) {
      AgentLog.warn("the OpenTelemetry Java agent (" + openTelemetryAgent + ") is attached too; both would trace every"
          + " call, so Sightline steps aside and the application runs with that agent alone (remove one -javaagent)");
      return;
    }
    long start = System.nanoTime();
    RecentSpans recentSpans = new RecentSpans(config.getInt("sightline.traces.buffer", 2048, 0, 1_000_000));
    TracingSetup.Tracing tracing = TracingSetup.build(recentSpans, ServiceNames.fromCommandLine());
    Telemetry telemetry = new Telemetry(version, tracing, recentSpans);
    long tracingReady = System.nanoTime();

    List<InstrumentationModule> found = discover();
    List<String> known = new ArrayList<>();
    for (InstrumentationModule module : found) {
      known.add(module.name());
    }
    for (String key : config.unknownInstrumentationSwitches(known)) {
      AgentLog.warn(key + " names no instrumentation, so it changes nothing; the instrumentations are " + known);
    }
    List<InstrumentationModule> modules = new ArrayList<>();
    for (InstrumentationModule module : found) {
      if (!config.instrumentationEnabled(module.name(), module.enabledByDefault())) {
        continue;
      }
      try {
        module.registerHandlers(telemetry);
        modules.add(module);
      } catch (RuntimeException | LinkageError e) {
        AgentLog.warn("instrumentation " + module.name() + " could not start and is off", e);
      }
    }
    Handlers.setBinder(new LibraryBinder(telemetry, libraries(modules)));
    FailingHandlers.installIfAsked(config);
    long discovered = System.nanoTime();
    Weaver.install(instrumentation, modules);
    long woven = System.nanoTime();

    String endpoint = startEndpoint(config, telemetry);
    telemetry.readiness().installed();
    List<String> names = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      names.add(module.name());
    }
    AgentLog.info(
        "Sightline " + version
            + " started: service=" + telemetry.serviceName()
            + " instrumentations=" + names
            + " traces=" + telemetry.exportStatus().destination()
            + " endpoint=" + endpoint);
    if (AgentLog.enabled(AgentLog.DEBUG)) {
      AgentLog.debug(
          "start-up: telemetry " + millis(start, tracingReady) + " ms, instrumentations " + millis(tracingReady, discovered)
              + " ms, weaving " + millis(discovered, woven) + " ms, endpoint " + millis(woven, System.nanoTime()) + " ms");
    }
  }

  private static List<LibraryBinder.Scoped> libraries(List<InstrumentationModule> modules) {
    List<LibraryBinder.Scoped> libraries = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      for (Library library : module.libraries()) {
        libraries.add(new LibraryBinder.Scoped(module.name(), library));
      }
    }
    return libraries;
  }

  private static long millis(long from, long to) {
    return (to - from) / 1_000_000;
  }

  private static List<InstrumentationModule> discover() {
    List<InstrumentationModule> found = new ArrayList<>();
    ServiceLoader<InstrumentationModule> loader =
        ServiceLoader.load(InstrumentationModule.class, AgentInstaller.class.getClassLoader());
    java.util.Iterator<InstrumentationModule> iterator = loader.iterator();
    while (true) {
      try {
        if (!iterator.hasNext()) {
          break;
        }
        found.add(iterator.next());
      } catch (ServiceConfigurationError e) {
        AgentLog.warn("an instrumentation could not be loaded", e);
      }
    }
    found.sort((a, b) -> a.name().compareTo(b.name()));
    return found;
  }

  private static String startEndpoint(AgentConfig config, Telemetry telemetry) {
    int port = config.getInt("sightline.endpoint.port", 9464, -1, 65535);
    if (port == -1) {
      return "off";
    }
    String host = config.getString("sightline.endpoint.host", "0.0.0.0");
    try {
      EndpointServer server = Endpoint.start(telemetry, host, port, config);
      return "http://" + server.address() + " (" + server.accessSummary() + ")";
    } catch (IOException | RuntimeException e) {
      // an unknown host fails with no message at all, and asks for another fix than a busy port
      boolean hostProblem = e instanceof UnresolvedAddressException
          || (e.getMessage() != null && e.getMessage().contains("assign requested address"));
      String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      AgentLog.warn(
          "endpoint not started on " + host + ":" + port + " (" + reason + "); the application runs without /metrics and /health. "
              + (hostProblem
                  ? "Set sightline.endpoint.host to an address of this machine (0.0.0.0 for all)"
                  : "Set sightline.endpoint.port to a free port, or -1"));
      return "off (" + host + ":" + port + " unavailable)";
    }
  }
}
