package dev.sightline.apps.shop;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The order route's calls to the pricing and inventory services (by default routes of this same
 * process, as if they were other services; the inventory can be a real other one): pricing through
 * {@code java.net.http.HttpClient}, inventory through {@code HttpURLConnection}, the two clients
 * most JDK-only services use.
 */
final class ShopClients {

  record Answer(int status, String body) {}

  private final String pricing;
  private final String inventory;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  ShopClients(String pricing, String inventory) {
    this.pricing = pricing;
    this.inventory = inventory.endsWith("/") ? inventory.substring(0, inventory.length() - 1) : inventory;
  }

  Answer price(String product, int quantity) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create(pricing + "/pricing?product=" + encode(product) + "&quantity=" + quantity))
        .timeout(Duration.ofSeconds(10))
        .GET()
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  Answer inventory(String product, int quantity) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(
        inventory + "/inventory?product=" + encode(product) + "&quantity=" + quantity).toURL().openConnection();
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(10_000);
    int status = connection.getResponseCode();
    InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
    String text = "";
    if (body != null) {
      try (body) {
        text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    return new Answer(status, text);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
