package dev.sightline.apps.servlet;

/** The servlet app on embedded Jetty 12, ee10 (jakarta.servlet 6). */
class JettyEe10Test extends ServletContainerContract {
  JettyEe10Test() {
    super("jetty-ee10");
  }
}
