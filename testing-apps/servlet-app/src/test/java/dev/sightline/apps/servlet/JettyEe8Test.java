package dev.sightline.apps.servlet;

/** The servlet app on embedded Jetty 12, ee8 (javax.servlet 4). */
class JettyEe8Test extends ServletContainerContract {
  JettyEe8Test() {
    super("jetty-ee8");
  }
}
