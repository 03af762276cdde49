package dev.sightline.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The application under test and what differs per application: how to launch it, which request
 * tells it is serving, and the load it gets by default.
 *
 * @param startupPath a cheap GET polled until its first 200: time to first request
 * @param jvmArgs JVM options every variant of this app gets
 */
record BenchmarkedApp(String id, String mainClass, String defaultClasses, String classesMarker,
    String startupPath, String defaultMix, int defaultConnections, String defaultOutput,
    long startupTimeoutSeconds, List<String> jvmArgs) {

  static final BenchmarkedApp HTTP_APP = new BenchmarkedApp("http-app",
      "dev.sightline.apps.http.HttpApp", "../http-app/target/classes", "dev/sightline/apps/http",
      "/hello", "/hello:1,/api/orders/{id}:1", 16, "target/benchmark-results", 60, List.of());

  /**
   * Every order prices and checks stock over HTTP, inserts a row, sends to Kafka and publishes
   * over AMQP, so fewer connections keep the two cores busy. The products are the ones that order
   * normally (the typewriter always fails). The shop's embedded brokers make start-up slow.
   * {@code sun.net.httpserver.nodelay}, which http-app sets in its main, keeps Nagle's algorithm
   * and delayed ACKs from adding 40 ms to its keep-alive answers for every variant alike.
   */
  static final BenchmarkedApp SHOP = new BenchmarkedApp("shop",
      "dev.sightline.apps.shop.ShopApp", "../shop/target/classes", "dev/sightline/apps/shop",
      "/pricing?product=book",
      "POST /orders {\"product\":\"book\",\"quantity\":2}:1,"
          + "POST /orders {\"product\":\"pen\",\"quantity\":3}:1,"
          + "POST /orders {\"product\":\"mug\",\"quantity\":1}:1,"
          + "POST /orders {\"product\":\"lamp\",\"quantity\":1}:1",
      8, "target/benchmark-results/shop", 180, List.of("-Dsun.net.httpserver.nodelay=true"));

  static BenchmarkedApp of(String id) {
    return switch (id) {
      case "http-app" -> HTTP_APP;
      case "shop" -> SHOP;
      default -> throw new IllegalArgumentException("unknown app " + id + " (http-app or shop)");
    };
  }

  /**
   * The classes folder, plus for the shop its libraries from {@code target/runtime.classpath}
   * next to it (written by the build); http-app needs nothing but the JDK.
   */
  String classpath(Path classes) {
    if (id.equals(HTTP_APP.id)) {
      return classes.toString();
    }
    Path libraries = classes.resolveSibling("runtime.classpath");
    try {
      String entries = Files.readString(libraries).trim();
      return entries.isEmpty() ? classes.toString() : classes + java.io.File.pathSeparator + entries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + libraries + " (build testing-apps/" + id + ")", e);
    }
  }
}
