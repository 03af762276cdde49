package dev.sightline.apps.war;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The standalone Jetty 12 distribution (jetty-home) with a fresh jetty.base made as its
 * documentation says ({@code java -jar $JETTY_HOME/start.jar --add-modules=server,http,ee10-deploy}),
 * then started with {@code java <agent and settings> -jar $JETTY_HOME/start.jar jetty.http.port=...}.
 * WARs go in {@code jetty.base/webapps} before the start (the scanner deploys what it finds; hot
 * deployment is off by default); Jetty unpacks them into {@code jetty.base/work}.
 */
final class StandaloneJetty extends StandaloneContainer {

  static final String HOME_PROPERTY = "war-app.jetty.home";
  static final String MODULES = "server,http,ee10-deploy";

  StandaloneJetty(String name) {
    super(name, fromPom(HOME_PROPERTY));
  }

  @Override
  Path webapps() {
    return base.resolve("webapps");
  }

  @Override
  void prepareBase() throws IOException, InterruptedException {
    Path setupLog = base.resolve("add-modules.log");
    Process setup = new ProcessBuilder(java(), "-jar", home.resolve("start.jar").toString(),
        "jetty.home=" + home, "jetty.base=" + base, "--add-modules=" + MODULES)
        .directory(base.toFile())
        .redirectErrorStream(true)
        .redirectOutput(setupLog.toFile())
        .start();
    if (!setup.waitFor(60, TimeUnit.SECONDS) || setup.exitValue() != 0) {
      setup.destroyForcibly();
      throw new IllegalStateException("--add-modules=" + MODULES + " failed:\n"
          + Files.readString(setupLog, StandardCharsets.UTF_8));
    }
    // With a work directory in the base, Jetty unpacks WARs there rather than in java.io.tmpdir.
    Files.createDirectories(base.resolve("work"));
  }

  @Override
  ProcessBuilder command() {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(jvmOptions());
    command.add("-jar");
    command.add(home.resolve("start.jar").toString());
    command.add("jetty.home=" + home);
    command.add("jetty.base=" + base);
    command.add("jetty.http.host=127.0.0.1");
    command.add("jetty.http.port=" + httpPort);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("JAVA_OPTIONS");
    builder.environment().remove("JETTY_BASE");
    builder.environment().remove("JETTY_HOME");
    return builder;
  }

  @Override
  String startedMarker() {
    return ":oejs.Server:main: Started oejs.Server@";
  }

  private static String java() {
    return javaHome().resolve("bin/java").toString();
  }
}
