package dev.sightline.apps.war;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The standalone Tomcat distribution started with {@code bin/catalina.sh run}: CATALINA_HOME is the
 * unpacked distribution, CATALINA_BASE a fresh directory with a copy of its {@code conf/} (HTTP
 * connector on a free port of 127.0.0.1, shutdown port disabled) and empty {@code logs/},
 * {@code temp/}, {@code webapps/}, {@code work/}; the agent and the settings go in CATALINA_OPTS.
 * The Host keeps its stock {@code autoDeploy="true"}, so deleting a WAR undeploys it.
 */
final class StandaloneTomcat extends StandaloneContainer {

  static final String HOME_PROPERTY = "war-app.tomcat.home";

  StandaloneTomcat(String name) {
    super(name, fromPom(HOME_PROPERTY));
  }

  @Override
  Path webapps() {
    return base.resolve("webapps");
  }

  @Override
  void prepareBase() throws IOException {
    for (String dir : List.of("conf", "logs", "temp", "webapps", "work")) {
      Files.createDirectories(base.resolve(dir));
    }
    try (Stream<Path> files = Files.list(home.resolve("conf"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
      }
    }
    Path serverXml = base.resolve("conf/server.xml");
    String server = Files.readString(serverXml);
    String edited = server
        .replace("<Server port=\"8005\"", "<Server port=\"-1\"")
        .replaceFirst("<Connector port=\"8080\"", "<Connector port=\"" + httpPort + "\" address=\"127.0.0.1\"");
    if (edited.equals(server) || edited.contains("<Server port=\"8005\"") || !edited.contains("port=\"" + httpPort + "\"")) {
      throw new IllegalStateException("Unexpected " + home.resolve("conf/server.xml") + ": cannot set the ports");
    }
    Files.writeString(serverXml, edited);
  }

  @Override
  ProcessBuilder command() {
    Path catalina = home.resolve("bin/catalina.sh");
    // sh: the unpacked scripts need not have kept their executable bit.
    ProcessBuilder builder = new ProcessBuilder("sh", catalina.toString(), "run");
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("CATALINA_") || key.equals("JAVA_OPTS") || key.equals("JRE_HOME"));
    env.put("JAVA_HOME", javaHome().toString());
    env.put("CATALINA_HOME", home.toString());
    env.put("CATALINA_BASE", base.toString());
    env.put("CATALINA_OPTS", String.join(" ", jvmOptions()));
    return builder;
  }

  @Override
  String startedMarker() {
    return "org.apache.catalina.startup.Catalina.start Server startup in";
  }

  /** Undeploys {@code context} as an operator of an autoDeploy host does: deletes its WAR. */
  void undeploy(String context) throws IOException {
    Files.delete(webapps().resolve(context + ".war"));
  }

  Path expandedDir(String context) {
    return webapps().resolve(context);
  }
}
