package dev.sightline.apps.servlet;

/** The servlet app on embedded Tomcat 11 (jakarta.servlet 6.1). */
class TomcatTest extends ServletContainerContract {
  TomcatTest() {
    super("tomcat");
  }
}
