package dev.sightline.apps.servlet;

import dev.sightline.apps.servlet.javax.JavaxRoutes;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.security.CodeSource;
import java.util.Set;
import javax.servlet.ServletContainerInitializer;

/**
 * The javax routes on embedded Tomcat 9 (javax.servlet 4). This module compiles against Tomcat 11,
 * whose classes have the same names, so Tomcat 9 is driven through reflection, and the app must run
 * with tomcat-embed-core 9 in place of 11 on its class path (Tomcat9Test does). Apart from the
 * routes, this class touches no other container's types, so it also runs on a class path without
 * jakarta.servlet.
 */
final class Tomcat9 {

  private Tomcat9() {}

  /** Starts Tomcat 9 and answers what runs: the server info and where Tomcat and javax.servlet come from. */
  static String start(int port, Downstream downstream) throws Exception {
    String serverInfo = (String) Class.forName("org.apache.catalina.util.ServerInfo")
        .getMethod("getServerInfo").invoke(null);
    if (!serverInfo.startsWith("Apache Tomcat/9.")) {
      throw new IllegalStateException("--container tomcat9 needs tomcat-embed-core 9 in place of 11 on the class path;"
          + " found " + serverInfo);
    }
    Class<?> tomcatType = Class.forName("org.apache.catalina.startup.Tomcat");
    Object tomcat = tomcatType.getConstructor().newInstance();
    tomcatType.getMethod("setBaseDir", String.class)
        .invoke(tomcat, Files.createTempDirectory("servlet-app-tomcat9").toString());
    Object connector = tomcatType.getMethod("getConnector").invoke(tomcat);
    Class<?> connectorType = Class.forName("org.apache.catalina.connector.Connector");
    connectorType.getMethod("setPort", int.class).invoke(connector, port);
    connectorType.getMethod("setProperty", String.class, String.class).invoke(connector, "address", "127.0.0.1");
    Object context = tomcatType.getMethod("addContext", String.class, String.class).invoke(tomcat, "", null);
    // Tomcat 9 takes a javax.servlet.ServletContainerInitializer here (Tomcat 11 a jakarta one).
    Method addInitializer = Class.forName("org.apache.catalina.Context")
        .getMethod("addServletContainerInitializer", ServletContainerInitializer.class, Set.class);
    addInitializer.invoke(context, new JavaxRoutes(downstream), null);
    tomcatType.getMethod("start").invoke(tomcat);
    return serverInfo + " (org.apache.catalina from " + location(tomcatType)
        + ", javax.servlet from " + location(ServletContainerInitializer.class) + ")";
  }

  private static String location(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    return source == null || source.getLocation() == null ? "?" : source.getLocation().toString();
  }
}
