package dev.sightline.apps.servlet;

import java.util.concurrent.CountDownLatch;

/**
 * A small servlet service with no tracing code, deployable on embedded Jetty 12 (ee10, jakarta),
 * Jetty 12 (ee8, javax), Tomcat 11 (jakarta) or Tomcat 9 (javax, with tomcat-embed-core 9 in place
 * of 11 on the class path). Its {@code /call/*} routes call a downstream instance (or
 * itself) through Apache HttpClient 5 and OkHttp.
 */
public final class ServletApp {

  private ServletApp() {}

  public static void main(String[] args) throws Exception {
    AppOptions options;
    try {
      options = AppOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("servlet-app: " + e.getMessage());
      System.err.println(AppOptions.USAGE);
      System.exit(2);
      return;
    }
    String downstream = options.downstream() != null ? options.downstream() : "http://127.0.0.1:" + options.port();
    Downstream calls = new Downstream(downstream);
    switch (options.container()) {
      case "jetty-ee10" -> Containers.jettyEe10(options.port(), calls);
      case "jetty-ee8" -> Containers.jettyEe8(options.port(), calls);
      case "tomcat" -> Containers.tomcat(options.port(), calls);
      case "tomcat9" -> System.out.println("servlet-app on tomcat9 runs " + Tomcat9.start(options.port(), calls));
      default -> throw new IllegalStateException(options.container());
    }
    System.out.println("servlet-app on " + options.container() + " listening on port " + options.port());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
