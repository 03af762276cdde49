package dev.sightline.apps.servlet;

import dev.sightline.apps.servlet.jakarta.JakartaRoutes;
import dev.sightline.apps.servlet.javax.JavaxRoutes;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Starts the same routes on each embedded container. */
final class Containers {

  private Containers() {}

  static void jettyEe10(int port, Downstream downstream) throws Exception {
    Server server = jetty(port);
    var context = new org.eclipse.jetty.ee10.servlet.ServletContextHandler("/");
    context.addServletContainerInitializer(new JakartaRoutes(downstream));
    server.setHandler(context);
    server.start();
  }

  static void jettyEe8(int port, Downstream downstream) throws Exception {
    Server server = jetty(port);
    var context = new org.eclipse.jetty.ee8.servlet.ServletContextHandler();
    context.setContextPath("/");
    context.addServletContainerInitializer(new JavaxRoutes(downstream));
    server.setHandler(context.getCoreContextHandler());
    server.start();
  }

  static void tomcat(int port, Downstream downstream) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("servlet-app-tomcat").toString());
    Connector connector = tomcat.getConnector();
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    Context context = tomcat.addContext("", null);
    context.addServletContainerInitializer(new JakartaRoutes(downstream), null);
    tomcat.start();
  }

  private static Server jetty(int port) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    return server;
  }
}
