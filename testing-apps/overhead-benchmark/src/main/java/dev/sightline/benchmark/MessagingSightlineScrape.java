package dev.sightline.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Reads Sightline's exporter counters from its Prometheus endpoint every few seconds while a tool
 * runs: spans dropped on a full queue are otherwise only said in a WARN line once a minute. Tools
 * that end by themselves leave the figures of the last scrape, at most one period old.
 */
final class MessagingSightlineScrape implements AutoCloseable {

  private static final long PERIOD_MILLIS = 2_000;

  private final URI metrics;
  private final Thread thread;
  private volatile double exported = Double.NaN;
  private volatile double dropped = Double.NaN;

  MessagingSightlineScrape(int port) {
    metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
    thread = new Thread(this::loop, "sightline-scrape");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (!Thread.currentThread().isInterrupted()) {
      scrape();
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One scrape now; a failure (agent not up yet, JVM gone) keeps the figures of the last one. */
  void scrape() {
    try {
      HttpURLConnection connection = (HttpURLConnection) metrics.toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2_000);
      if (connection.getResponseCode() != 200) {
        connection.disconnect();
        return;
      }
      String text;
      try (InputStream in = connection.getInputStream()) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      read(text);
    } catch (IOException | RuntimeException e) {
      // Not up yet or already gone.
    }
  }

  void read(String text) {
    double exportedNow = Double.NaN;
    double droppedNow = Double.NaN;
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("sightline_exporter_spans_exported_total")) {
        exportedNow = add(exportedNow, value(line));
      } else if (line.startsWith("sightline_exporter_spans_dropped_total")) {
        droppedNow = add(droppedNow, value(line));
      }
    }
    if (!Double.isNaN(exportedNow)) {
      exported = exportedNow;
      dropped = droppedNow;
    }
  }

  private static double add(double sum, double value) {
    return Double.isNaN(sum) ? value : sum + value;
  }

  /** "name value" or "name value timestamp"; the exporter counters carry no labels with spaces. */
  private static double value(String line) {
    String[] parts = line.trim().split("\\s+");
    try {
      return parts.length >= 2 ? Double.parseDouble(parts[1]) : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  double exported() {
    return exported;
  }

  double dropped() {
    return dropped;
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
