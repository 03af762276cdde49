package dev.sightline.agent.endpoint;

import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request to the embedded endpoint and its buffered response. It speaks client_java's
 * exchange interface, so /metrics is served by client_java's own scrape handler (content
 * negotiation, OpenMetrics, gzip, name filters) on our server.
 */
final class EndpointExchange implements PrometheusHttpExchange, PrometheusHttpRequest, PrometheusHttpResponse {

  private final String method;
  private final String path;
  private final String query;
  private final Map<String, List<String>> requestHeaders;
  private final Map<String, String> responseHeaders = new LinkedHashMap<>();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private int status = 500;
  private boolean sent;

  EndpointExchange(String method, String path, String query, Map<String, List<String>> requestHeaders) {
    this.method = method;
    this.path = path;
    this.query = query;
    this.requestHeaders = requestHeaders;
  }

  // --- request

  @Override
  public PrometheusHttpRequest getRequest() {
    return this;
  }

  @Override
  public String getQueryString() {
    return query;
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    List<String> values = requestHeaders.get(name.toLowerCase(Locale.ROOT));
    return Collections.enumeration(values == null ? Collections.<String>emptyList() : values);
  }

  @Override
  public String getMethod() {
    return method;
  }

  @Override
  public String getRequestPath() {
    return path;
  }

  // --- response

  @Override
  public PrometheusHttpResponse getResponse() {
    return this;
  }

  @Override
  public void setHeader(String name, String value) {
    responseHeaders.put(name, value);
  }

  @Override
  public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
    status = statusCode;
    sent = true;
    return body;
  }

  @Override
  public void handleException(IOException e) throws IOException {
    throw e;
  }

  @Override
  public void handleException(RuntimeException e) {
    throw e;
  }

  @Override
  public void close() {}

  /** Sets a whole response at once (the JSON and text routes). */
  void respond(int statusCode, String contentType, String text) {
    respond(statusCode, contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  void respond(int statusCode, String contentType, byte[] bytes) {
    setHeader("Content-Type", contentType);
    body.reset();
    sendHeadersAndGetBody(statusCode, bytes.length);
    body.write(bytes, 0, bytes.length);
  }

  boolean responded() {
    return sent;
  }

  int status() {
    return status;
  }

  Map<String, String> responseHeaders() {
    return responseHeaders;
  }

  byte[] body() {
    return body.toByteArray();
  }

  boolean isHead() {
    return "HEAD".equals(method);
  }
}
